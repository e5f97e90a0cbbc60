"""Compliant: AWS Backup with a cross-region copy to a vault in another EU region.

AWS pattern: a backup plan rule with a ``copy_action`` whose destination is a vault ARN in a second region
(AWS Backup Developer Guide, cross-region-backup); each vault is encrypted with a key of its region, and a
selection picks resources by tag.

Why compliant: the primary vault is in eu-west-3 and the copy vault in eu-central-1, both in zone ``eu``;
the copy action's destination ARN names eu-central-1.
"""

import json

import pulumi
import pulumi_aws as aws

frankfurt = aws.Provider("frankfurt", region="eu-central-1")

key = aws.kms.Key("backup", description="Backups (Paris)", enable_key_rotation=True)
copy_key = aws.kms.Key("backup-copy", description="Backups (Frankfurt)", enable_key_rotation=True,
                       opts=pulumi.ResourceOptions(provider=frankfurt))
vault = aws.backup.Vault("primary", name="primary", kms_key_arn=key.arn)
copy_vault = aws.backup.Vault("dr", name="dr", kms_key_arn=copy_key.arn,
                              opts=pulumi.ResourceOptions(provider=frankfurt))

plan = aws.backup.Plan(
    "daily",
    name="daily",
    rules=[{
        "rule_name": "daily",
        "target_vault_name": vault.name,
        "schedule": "cron(0 2 * * ? *)",
        "lifecycle": {"delete_after": 35},
        "copy_actions": [{
            "destination_vault_arn": copy_vault.arn,
            "lifecycle": {"delete_after": 35},
        }],
    }],
)
role = aws.iam.Role(
    "backup",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.backup.Selection(
    "tagged",
    name="tagged",
    plan_id=plan.id,
    iam_role_arn=role.arn,
    selection_tags=[{"type": "STRINGEQUALS", "key": "backup", "value": "daily"}],
)
