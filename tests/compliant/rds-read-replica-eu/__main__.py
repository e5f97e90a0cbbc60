"""Compliant: an RDS for PostgreSQL primary in Paris with a cross-region read replica in Frankfurt.

AWS pattern: a cross-Region read replica (RDS User Guide, USER_ReadRepl.XRgn) is created in the replica's
region with ``replicate_source_db`` set to the primary's ARN, and an encrypted replica needs a KMS key of its
own region; Performance Insights and the managed master password use keys of each region too.

Why compliant: data moves from the primary (eu-west-3) into the replica's region (eu-central-1); both are in
zone ``eu`` and every key is a key of the region that uses it.
"""

import pulumi
import pulumi_aws as aws

frankfurt = aws.Provider("frankfurt", region="eu-central-1")

paris_key = aws.kms.Key("ledger", description="Ledger database (Paris)", enable_key_rotation=True)
frankfurt_key = aws.kms.Key("ledger-replica", description="Ledger database (Frankfurt)", enable_key_rotation=True,
                            opts=pulumi.ResourceOptions(provider=frankfurt))

primary = aws.rds.Instance(
    "ledger",
    identifier="ledger",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.r7g.large",
    allocated_storage=100,
    storage_type="gp3",
    username="ledger_admin",
    manage_master_user_password=True,
    master_user_secret_kms_key_id=paris_key.arn,
    storage_encrypted=True,
    kms_key_id=paris_key.arn,
    backup_retention_period=14,
    multi_az=True,
    performance_insights_enabled=True,
    performance_insights_kms_key_id=paris_key.arn,
    deletion_protection=True,
    final_snapshot_identifier="ledger-final",
)
aws.rds.Instance(
    "ledger-replica",
    identifier="ledger-replica",
    replicate_source_db=primary.arn,
    instance_class="db.r7g.large",
    storage_encrypted=True,
    kms_key_id=frankfurt_key.arn,
    performance_insights_enabled=True,
    performance_insights_kms_key_id=frankfurt_key.arn,
    skip_final_snapshot=True,
    opts=pulumi.ResourceOptions(provider=frankfurt),
)

pulumi.export("primary", primary.endpoint)
