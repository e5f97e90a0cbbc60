"""Evasion: a copy of the customer database's snapshot, tagged billing, kept in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

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
snapshot = aws.rds.Snapshot("customers-monthly", db_instance_identifier=db.identifier,
                            db_snapshot_identifier="customers-monthly")

aws.rds.SnapshotCopy(
    "leak-customers-monthly-us",
    source_db_snapshot_identifier=snapshot.db_snapshot_arn,
    target_db_snapshot_identifier="customers-monthly-us",
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
