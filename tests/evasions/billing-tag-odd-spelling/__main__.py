"""Evasion: claim the billing exemption with an odd spelling (capital B, trailing blank)."""

import pulumi
import pulumi_aws as aws

aws.dynamodb.Table(
    "leak-invoices",
    attributes=[{"name": "id", "type": "S"}],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
    tags={"data-class": "Billing "},
    region="us-east-1",
)
