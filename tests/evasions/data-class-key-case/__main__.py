"""Evasion: the exempt class is claimed under the tag key "Data-Class", not the pack's "data-class"."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

aws.dynamodb.Table(
    "leak-invoices",
    name="invoices",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    tags={"Data-Class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
