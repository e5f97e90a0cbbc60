"""Evasion: the snapshot copy in us-east-1 is tagged billing; its source is the customer data volume."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

volume = aws.ebs.Volume("customer-data", availability_zone="eu-west-3a", size=100, type="gp3", encrypted=True)
snapshot = aws.ebs.Snapshot("customer-data-snapshot", volume_id=volume.id)

aws.ebs.SnapshotCopy(
    "leak-customer-data-copy-us",
    source_snapshot_id=snapshot.id,
    source_region="eu-west-3",
    encrypted=True,
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
