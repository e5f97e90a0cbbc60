"""Evasion: the fleet inventory (installed software, files, custom inventory with user data) syncs to us-east-1."""

import pulumi
import pulumi_aws as aws

aws.ssm.ResourceDataSync(
    "leak-inventory-sync",
    name="inventory-sync",
    s3_destination={"bucket_name": "acme-central-inventory", "region": "us-east-1", "sync_format": "JsonSerDe"},
)
