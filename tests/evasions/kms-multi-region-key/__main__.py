"""Evasion: a multi-Region key: anyone allowed kms:ReplicateKey can copy it out of the zone."""

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("leak-data-key", description="customer data", enable_key_rotation=True, multi_region=True)
pulumi.export("key", key.arn)
