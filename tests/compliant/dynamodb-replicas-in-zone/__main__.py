"""Compliant: a DynamoDB global table whose replicas are all in EU regions.

AWS pattern: multi-active DynamoDB (global tables version 2019.11.21) declared through the table's
``replicas`` (DynamoDB Developer Guide, globaltables): streams on, one customer managed key per replica
region, point-in-time recovery on every replica.

Why compliant: the table is in eu-west-3 and its replicas in eu-central-1 and eu-west-1, all in zone ``eu``;
each replica key is a key of the replica's own region. A table with replicas is a multi-Region primitive (a
replica could later be added elsewhere outside this stack), which the pack reports as advisory
(``side-door-multi-region``); it does not block.
"""

import pulumi
import pulumi_aws as aws

keys = {
    region: aws.kms.Key(f"sessions-{region}", description=f"Sessions ({region})", enable_key_rotation=True,
                        region=region)
    for region in ("eu-central-1", "eu-west-1")
}
home_key = aws.kms.Key("sessions", description="Sessions (eu-west-3)", enable_key_rotation=True)

table = aws.dynamodb.Table(
    "sessions",
    billing_mode="PAY_PER_REQUEST",
    hash_key="sessionId",
    attributes=[{"name": "sessionId", "type": "S"}],
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
    server_side_encryption={"enabled": True, "kms_key_arn": home_key.arn},
    point_in_time_recovery={"enabled": True},
    ttl={"attribute_name": "expiresAt", "enabled": True},
    replicas=[
        {"region_name": region, "kms_key_arn": key.arn, "point_in_time_recovery": True}
        for region, key in keys.items()
    ],
)

pulumi.export("table", table.name)
