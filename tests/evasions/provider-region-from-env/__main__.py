"""Evasion: the provider's region comes from DEPLOY_REGION in the CI environment, not from the stack."""

import os

import pulumi
import pulumi_aws as aws

regional = aws.Provider("leak-regional", region=os.environ.get("DEPLOY_REGION"))
aws.dynamodb.Table(
    "leak-orders",
    name="orders",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    opts=pulumi.ResourceOptions(provider=regional),
)
