"""Evasion: the session cache's global datastore gets a member replication group in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

primary = aws.elasticache.ReplicationGroup(
    "sessions-primary",
    replication_group_id="sessions-primary",
    description="sessions",
    engine="redis",
    engine_version="7.1",
    node_type="cache.r7g.large",
    num_cache_clusters=2,
    automatic_failover_enabled=True,
    at_rest_encryption_enabled=True,
    transit_encryption_enabled=True,
)

global_store = aws.elasticache.GlobalReplicationGroup(
    "sessions-global",
    global_replication_group_id_suffix="sessions",
    primary_replication_group_id=primary.id,
)

aws.elasticache.ReplicationGroup(
    "leak-sessions-us",
    replication_group_id="sessions-us",
    description="sessions (us-east-1 member)",
    global_replication_group_id=global_store.global_replication_group_id,
    num_cache_clusters=1,
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
