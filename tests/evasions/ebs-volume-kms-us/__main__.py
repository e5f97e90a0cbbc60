"""Evasion: the data volume is encrypted with the platform team's key in us-east-1 (every decrypt goes there)."""

import pulumi
import pulumi_aws as aws

aws.ebs.Volume(
    "leak-data-volume",
    availability_zone="eu-west-3a",
    size=200,
    type="gp3",
    encrypted=True,
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
)
