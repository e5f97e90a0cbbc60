"""Evasion: replicate the EU key to us-east-1 with aws.kms.ReplicaKey."""

import pulumi
import pulumi_aws as aws

us = aws.Provider("shared-services", region="us-east-1")

aws.kms.ReplicaKey(
    "leak-replica-key",
    description="replica of the customer data key",
    primary_key_arn="arn:aws:kms:eu-west-3:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
    opts=pulumi.ResourceOptions(provider=us),
)
