"""Evasion: DB_HOST is db.address of a us-east-1 database of this stack (tagged billing), unknown at preview."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
ledger = aws.rds.Instance(
    "billing-ledger",
    identifier="billing-ledger",
    engine="postgres",
    instance_class="db.t4g.medium",
    allocated_storage=20,
    username="app",
    manage_master_user_password=True,
    storage_encrypted=True,
    skip_final_snapshot=True,
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

aws.lambda_.Function(
    "leak-order-recorder",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\\n    return None\\n")}),
    environment={"variables": {"DB_HOST": ledger.address, "DB_NAME": "ledger"}},
)
