"""Evasion: the replica key claims billing, but it is the key material that encrypts customer content."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

primary = aws.kms.Key("customer-data-key", description="customer data", enable_key_rotation=True, multi_region=True)

aws.kms.ReplicaKey(
    "leak-customer-data-key-us",
    primary_key_arn=primary.arn,
    description="replica for the billing exporter",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
