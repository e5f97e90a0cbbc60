"""Evasion: the EBS snapshot policy also copies every snapshot to us-east-1 (crossRegionCopyRules.targetRegion)."""

import pulumi
import pulumi_aws as aws

aws.dlm.LifecyclePolicy(
    "leak-daily-snapshots",
    description="daily EBS snapshots",
    execution_role_arn="arn:aws:iam::123456789012:role/dlm-lifecycle",
    state="ENABLED",
    policy_details={
        "resource_types": ["VOLUME"],
        "target_tags": {"backup": "daily"},
        "schedules": [{
            "name": "daily",
            "create_rule": {"interval": 24, "interval_unit": "HOURS", "times": "03:00"},
            "retain_rule": {"count": 14},
            "copy_tags": True,
            "cross_region_copy_rules": [{
                "target_region": "us-east-1",
                "encrypted": True,
                "retain_rule": {"interval": 7, "interval_unit": "DAYS"},
            }],
        }],
    },
)
