"""Evasion: a cross-region read replica of the EU database, created in us-east-2."""

import pulumi
import pulumi_aws as aws

primary = aws.rds.Instance(
    "primary",
    engine="postgres",
    engine_version="16.3",
    instance_class="db.t4g.medium",
    allocated_storage=20,
    username="app",
    manage_master_user_password=True,
    storage_encrypted=True,
    skip_final_snapshot=True,
)

aws.rds.Instance(
    "leak-reporting-replica",
    replicate_source_db=primary.arn,
    instance_class="db.t4g.medium",
    storage_encrypted=True,
    skip_final_snapshot=True,
    region="us-east-2",
)
