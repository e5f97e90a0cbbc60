"""Evasion: the backup plan copies every recovery point to a vault in the China partition (aws-cn)."""

import pulumi
import pulumi_aws as aws

vault = aws.backup.Vault("vault", name="acme-eu")

aws.backup.Plan(
    "leak-weekly-offsite",
    name="weekly-offsite",
    rules=[{
        "rule_name": "weekly",
        "target_vault_name": vault.name,
        "schedule": "cron(0 4 ? * SUN *)",
        "copy_actions": [{
            "destination_vault_arn": "arn:aws-cn:backup:cn-north-1:123456789012:backup-vault:acme-offsite",
            "lifecycle": {"delete_after": 90},
        }],
    }],
)
