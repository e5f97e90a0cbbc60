"""Evasion: a DSQL multi-Region cluster with its witness (which keeps the transaction log) in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.dsql.Cluster(
    "leak-ledger",
    deletion_protection_enabled=True,
    multi_region_properties={"witness_region": "us-east-1"},
)
