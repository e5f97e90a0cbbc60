"""Evasion: the 2017-version GlobalTable resource, with a replica in us-east-1 in its replica list."""

import pulumi
import pulumi_aws as aws

aws.dynamodb.GlobalTable(
    "leak-carts",
    name="carts",
    replicas=[{"region_name": "eu-west-3"}, {"region_name": "us-east-1"}],
)
