"""Evasion: "it is only for the billing reports": a read replica tagged billing of the whole customer database."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

primary = aws.rds.Instance(
    "customers",
    identifier="customers",
    engine="postgres",
    instance_class="db.r6g.large",
    allocated_storage=100,
    username="app",
    manage_master_user_password=True,
    storage_encrypted=True,
    backup_retention_period=7,
    skip_final_snapshot=True,
)

aws.rds.Instance(
    "leak-billing-reports-replica",
    identifier="billing-reports",
    replicate_source_db=primary.arn,
    instance_class="db.r6g.large",
    storage_encrypted=True,
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
    skip_final_snapshot=True,
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
