"""Evasion: the replica is a separate TableReplica resource (no replicas block on the table) in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

profiles = aws.dynamodb.Table(
    "profiles",
    name="profiles",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
)

aws.dynamodb.TableReplica(
    "leak-profiles-us",
    global_table_arn=profiles.arn,
    point_in_time_recovery=True,
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
