"""Evasion: "DR for the warehouse": every automated snapshot is copied to us-east-1."""

import pulumi
import pulumi_aws as aws

warehouse = aws.redshift.Cluster(
    "warehouse",
    cluster_identifier="warehouse",
    node_type="ra3.xlplus",
    number_of_nodes=2,
    database_name="analytics",
    master_username="admin",
    manage_master_password=True,
    encrypted=True,
    skip_final_snapshot=True,
)

aws.redshift.SnapshotCopy(
    "leak-warehouse-dr-copy",
    cluster_identifier=warehouse.cluster_identifier,
    destination_region="us-east-1",
    retention_period=7,
)
