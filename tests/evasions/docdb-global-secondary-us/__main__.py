"""Evasion: the catalogue's DocumentDB global cluster gets a secondary in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

global_db = aws.docdb.GlobalCluster(
    "catalogue-global",
    global_cluster_identifier="catalogue-global",
    engine="docdb",
    engine_version="5.0.0",
    storage_encrypted=True,
)
primary = aws.docdb.Cluster(
    "catalogue-primary",
    cluster_identifier="catalogue-primary",
    engine=global_db.engine,
    engine_version=global_db.engine_version,
    global_cluster_identifier=global_db.id,
    master_username="app",
    master_password="placeholder-password",
    storage_encrypted=True,
    skip_final_snapshot=True,
)

aws.docdb.Cluster(
    "leak-catalogue-secondary-us",
    cluster_identifier="catalogue-secondary",
    engine=global_db.engine,
    engine_version=global_db.engine_version,
    global_cluster_identifier=global_db.id,
    storage_encrypted=True,
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
    skip_final_snapshot=True,
    opts=pulumi.ResourceOptions(provider=us_east_1, depends_on=[primary]),
)
