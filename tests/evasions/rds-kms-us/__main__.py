"""Evasion: the customer database's storage key is a KMS key in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.rds.Instance(
    "leak-customers-db",
    identifier="customers",
    engine="postgres",
    instance_class="db.t4g.medium",
    allocated_storage=50,
    username="app",
    manage_master_user_password=True,
    storage_encrypted=True,
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
    skip_final_snapshot=True,
)
