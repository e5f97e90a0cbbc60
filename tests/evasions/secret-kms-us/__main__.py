"""Evasion: the API credentials secret is encrypted under a KMS key that lives in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.secretsmanager.Secret(
    "leak-partner-credentials",
    name="partner/credentials",
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
)
