"""Evasion: a DynamoDB table in the zone with a global-table replica in us-east-1."""

import pulumi
import pulumi_aws as aws

customers = aws.dynamodb.Table(
    "leak-customers",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
    replicas=[{"region_name": "eu-central-1"}, {"region_name": "us-east-1"}],
)
pulumi.export("table", customers.name)
