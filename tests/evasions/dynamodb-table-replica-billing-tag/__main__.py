"""Evasion: the US replica claims data-class billing, but it holds exactly the customer table's data."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

customers = aws.dynamodb.Table(
    "customers",
    name="customers",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
)

aws.dynamodb.TableReplica(
    "leak-customers-us-replica",
    global_table_arn=customers.arn,
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
