"""Evasion: an MRSC table whose witness region, which stores replicated writes, is us-east-1."""

import pulumi
import pulumi_aws as aws

ledger = aws.dynamodb.Table(
    "leak-ledger",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
    replicas=[{"region_name": "eu-west-1", "consistency_mode": "STRONG"}],
    global_table_witness={"region_name": "us-east-1"},
)
pulumi.export("table", ledger.name)
