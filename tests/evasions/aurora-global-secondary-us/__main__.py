"""Evasion: "global database for low-latency reads": the secondary cluster in us-east-1 holds every row."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

global_db = aws.rds.GlobalCluster(
    "orders-global",
    global_cluster_identifier="orders-global",
    engine="aurora-postgresql",
    engine_version="16.4",
    storage_encrypted=True,
)

primary = aws.rds.Cluster(
    "orders-primary",
    cluster_identifier="orders-primary",
    engine=global_db.engine,
    engine_version=global_db.engine_version,
    global_cluster_identifier=global_db.id,
    master_username="app",
    manage_master_user_password=True,
    storage_encrypted=True,
    skip_final_snapshot=True,
)
aws.rds.ClusterInstance("orders-primary-1", cluster_identifier=primary.id, instance_class="db.r6g.large",
                        engine=primary.engine, engine_version=primary.engine_version)

secondary = aws.rds.Cluster(
    "leak-orders-secondary-us",
    cluster_identifier="orders-secondary",
    engine=global_db.engine,
    engine_version=global_db.engine_version,
    global_cluster_identifier=global_db.id,
    storage_encrypted=True,
    kms_key_id="arn:aws:kms:us-east-1:123456789012:key/6f1c2b3a-9d8e-4f7a-b6c5-1d2e3f4a5b6c",
    skip_final_snapshot=True,
    opts=pulumi.ResourceOptions(provider=us_east_1, depends_on=[primary]),
)
aws.rds.ClusterInstance("leak-orders-secondary-us-1", cluster_identifier=secondary.id, instance_class="db.r6g.large",
                        engine=secondary.engine, engine_version=secondary.engine_version,
                        opts=pulumi.ResourceOptions(provider=us_east_1))
