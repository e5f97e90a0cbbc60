"""Compliant: a French health-data stack kept in Paris (eu-west-3) under zone ``fr``.

AWS pattern: health-data hosting in France (HDS) keeps everything in the Paris region: an Aurora PostgreSQL
cluster with two instances, encrypted, with the managed master password in Secrets Manager and database logs
exported to CloudWatch Logs; a document bucket with Object Lock (compliance mode); AWS Backup into a vault
with a vault lock; one customer managed key.

Why compliant: zone ``fr`` has one region, eu-west-3, and every resource and reference is there (the pack
configuration says ``zone: fr`` in policy-config.json).
"""

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("health-records", description="Health records (HDS)", enable_key_rotation=True,
                  deletion_window_in_days=30)

cluster = aws.rds.Cluster(
    "records",
    cluster_identifier="records",
    engine="aurora-postgresql",
    engine_version="16.4",
    database_name="records",
    master_username="records_admin",
    manage_master_user_password=True,
    master_user_secret_kms_key_id=key.arn,
    storage_encrypted=True,
    kms_key_id=key.arn,
    backup_retention_period=35,
    deletion_protection=True,
    iam_database_authentication_enabled=True,
    enabled_cloudwatch_logs_exports=["postgresql"],
    final_snapshot_identifier="records-final",
)
for index in range(2):
    aws.rds.ClusterInstance(
        f"records-{index}",
        identifier=f"records-{index}",
        cluster_identifier=cluster.id,
        instance_class="db.r7g.large",
        engine=aws.rds.EngineType.AURORA_POSTGRESQL,
        performance_insights_enabled=True,
        performance_insights_kms_key_id=key.arn,
    )
aws.cloudwatch.LogGroup("records-postgresql", name="/aws/rds/cluster/records/postgresql",
                        retention_in_days=365, kms_key_id=key.arn)

documents = aws.s3.Bucket("documents", bucket="acme-sante-documents-paris", object_lock_enabled=True)
aws.s3.BucketVersioning("documents", bucket=documents.id, versioning_configuration={"status": "Enabled"})
aws.s3.BucketServerSideEncryptionConfiguration(
    "documents",
    bucket=documents.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": key.arn},
            "bucket_key_enabled": True}],
)
aws.s3.BucketObjectLockConfiguration(
    "documents",
    bucket=documents.id,
    rule={"default_retention": {"mode": "COMPLIANCE", "years": 20}},
)
aws.s3.BucketPublicAccessBlock("documents", bucket=documents.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)

vault = aws.backup.Vault("records", name="records", kms_key_arn=key.arn)
aws.backup.VaultLockConfiguration("records", backup_vault_name=vault.name, min_retention_days=30,
                                  max_retention_days=3650, changeable_for_days=3)
plan = aws.backup.Plan(
    "records",
    name="records",
    rules=[{"rule_name": "daily", "target_vault_name": vault.name, "schedule": "cron(0 1 * * ? *)",
            "lifecycle": {"delete_after": 365}}],
)
aws.backup.Selection(
    "records",
    name="records",
    plan_id=plan.id,
    iam_role_arn="arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
    resources=[cluster.arn, documents.arn],
)
