"""Compliant: a DynamoDB table with a replica declared as its own ``aws.dynamodb.TableReplica`` resource.

AWS pattern: the TableReplica resource lets a stack add a replica region with its own provider, key and
tags (Terraform's aws_dynamodb_table_replica); the source table has streams on and ignores changes to
``replicas``.

Why compliant: the table is in eu-west-3 and the replica in eu-north-1 (Stockholm), both in zone ``eu``;
the replica's key is in eu-north-1. The replica holds the table's data (lineage) and sits in the zone.
"""

import pulumi
import pulumi_aws as aws

stockholm = aws.Provider("stockholm", region="eu-north-1")

table = aws.dynamodb.Table(
    "profiles",
    billing_mode="PAY_PER_REQUEST",
    hash_key="userId",
    attributes=[{"name": "userId", "type": "S"}],
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
    server_side_encryption={"enabled": True},
    point_in_time_recovery={"enabled": True},
    opts=pulumi.ResourceOptions(ignore_changes=["replicas"]),
)
replica_key = aws.kms.Key("profiles-stockholm", description="Profiles (eu-north-1)", enable_key_rotation=True,
                          opts=pulumi.ResourceOptions(provider=stockholm))
aws.dynamodb.TableReplica(
    "profiles-stockholm",
    global_table_arn=table.arn,
    kms_key_arn=replica_key.arn,
    point_in_time_recovery=True,
    opts=pulumi.ResourceOptions(provider=stockholm),
)

pulumi.export("table", table.name)
