"""Evasion: copy a disk snapshot of the zone into us-east-1."""

import pulumi
import pulumi_aws as aws

aws.ebs.SnapshotCopy(
    "leak-offsite-copy",
    source_snapshot_id="snap-0123456789abcdef0",
    source_region="eu-west-3",
    encrypted=True,
    region="us-east-1",
)
