"""Evasion: a backup plan in the zone whose copy action sends every recovery point to us-east-1."""

import pulumi
import pulumi_aws as aws

vault = aws.backup.Vault("vault", name="acme-eu")

aws.backup.Plan(
    "leak-nightly",
    name="nightly",
    rules=[{
        "rule_name": "nightly",
        "target_vault_name": vault.name,
        "schedule": "cron(0 3 * * ? *)",
        "copy_actions": [{
            "destination_vault_arn": "arn:aws:backup:us-east-1:123456789012:backup-vault:acme-dr",
        }],
    }],
)
