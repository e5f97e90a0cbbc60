"""Evasion: a snapshot of the customer database is exported to Parquet in a bucket in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# The finance team's bucket in us-east-1 holds billing exports only (an exempt class), so it may stand there.
finance = aws.s3.Bucket(
    "finance-exports",
    bucket="acme-finance-exports-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

db = aws.rds.Instance(
    "customers",
    identifier="customers",
    engine="postgres",
    instance_class="db.t4g.medium",
    allocated_storage=50,
    username="app",
    manage_master_user_password=True,
    storage_encrypted=True,
    skip_final_snapshot=True,
)
snapshot = aws.rds.Snapshot("customers-snapshot", db_instance_identifier=db.identifier,
                            db_snapshot_identifier="customers-export")

aws.rds.ExportTask(
    "leak-customers-export",
    export_task_identifier="customers-export",
    source_arn=snapshot.db_snapshot_arn,
    s3_bucket_name=finance.id,
    s3_prefix="rds",
    iam_role_arn="arn:aws:iam::123456789012:role/rds-export",
    kms_key_id="arn:aws:kms:eu-west-3:123456789012:key/0c1e6a1e-5f7c-4b8e-9a31-2f4d6c8b1a90",
)
