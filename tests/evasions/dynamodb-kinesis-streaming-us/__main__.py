"""Evasion: every item change of the customers table is streamed to a Kinesis stream in us-east-1."""

import pulumi
import pulumi_aws as aws

customers = aws.dynamodb.Table(
    "customers",
    name="customers",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
)

aws.dynamodb.KinesisStreamingDestination(
    "leak-customers-changes",
    table_name=customers.name,
    stream_arn="arn:aws:kinesis:us-east-1:123456789012:stream/customer-changes",
)
