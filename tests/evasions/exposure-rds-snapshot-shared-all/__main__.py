"""Evasion: a database snapshot shared with `all`, so any AWS account can restore it in any region."""

import pulumi_aws as aws

aws.rds.Snapshot("leak-snapshot", db_instance_identifier="orders", db_snapshot_identifier="orders-monthly",
                 shared_accounts=["all"])
