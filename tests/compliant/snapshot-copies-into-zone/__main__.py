"""Compliant: copying snapshots and images from us-east-1 *into* eu-west-3 (a migration to the EU).

AWS pattern: moving a workload into a new region starts with cross-region copies created in the destination
region (EBS User Guide, ebs-copy-snapshot; EC2 User Guide, CopyingAMIs; RDS User Guide,
USER_CopySnapshot): each copy names its source (an id or an ARN in us-east-1) and is re-encrypted with a
key of the destination region. The restored database starts from the copied snapshot.

Why compliant: data moves into eu-west-3, where every copy and the restored database live; the sources are
where the data comes from, not where it goes.
"""

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("migration", description="Migrated data (Paris)", enable_key_rotation=True)

aws.ebs.SnapshotCopy(
    "app-data",
    source_snapshot_id="snap-0123456789abcdef0",
    source_region="us-east-1",
    encrypted=True,
    kms_key_id=key.arn,
    description="app-data volume migrated from us-east-1",
)
aws.ec2.AmiCopy(
    "app-server",
    name="app-server-eu",
    source_ami_id="ami-0123456789abcdef0",
    source_ami_region="us-east-1",
    encrypted=True,
    kms_key_id=key.arn,
)
snapshot = aws.rds.SnapshotCopy(
    "orders-db",
    source_db_snapshot_identifier="arn:aws:rds:us-east-1:123456789012:snapshot:orders-db-migration",
    target_db_snapshot_identifier="orders-db-migration-eu",
    kms_key_id=key.arn,
    copy_tags=True,
)
aws.rds.Instance(
    "orders-db",
    identifier="orders-db",
    snapshot_identifier=snapshot.target_db_snapshot_identifier,
    instance_class="db.r7g.large",
    storage_encrypted=True,
    kms_key_id=key.arn,
    skip_final_snapshot=False,
    final_snapshot_identifier="orders-db-final",
)
