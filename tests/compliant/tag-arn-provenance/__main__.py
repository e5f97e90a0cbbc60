"""Compliant: migrated resources tagged with the ARN of the resource they replace (provenance).

AWS pattern: during a migration into the EU (AWS Application Migration Service, or a re-platforming), teams tag
the new resources with where they came from (``migrated-from``, ``map-migrated``) for tracking and for the
Migration Acceleration Program credits; the provider's default tags carry the migration wave.

Why compliant: everything is created in eu-west-3. Tags are labels: an ARN in a tag value names the old
resource for people and cost reports, and no data is sent to it.
"""

import pulumi
import pulumi_aws as aws

provider = aws.Provider(
    "eu-west-3",
    region="eu-west-3",
    default_tags={"tags": {
        "migration-wave": "wave-2",
        "migration-source-account": "arn:aws:organizations::111111111111:account/o-abc123def4/222222222222",
    }},
)
opts = pulumi.ResourceOptions(provider=provider)

table = aws.dynamodb.Table(
    "orders",
    billing_mode="PAY_PER_REQUEST",
    hash_key="pk",
    attributes=[{"name": "pk", "type": "S"}],
    point_in_time_recovery={"enabled": True},
    server_side_encryption={"enabled": True},
    tags={
        "migrated-from": "arn:aws:dynamodb:us-east-1:222222222222:table/orders",
        "map-migrated": "mig12345",
    },
    opts=opts,
)
queue = aws.sqs.Queue(
    "order-events",
    sqs_managed_sse_enabled=True,
    tags={"migrated-from": "https://sqs.us-east-1.amazonaws.com/222222222222/order-events"},
    opts=opts,
)
bucket = aws.s3.Bucket(
    "documents",
    bucket="acme-documents-eu",
    tags={"migrated-from": "arn:aws:s3:::acme-documents-us", "previous-region": "us-east-1"},
    opts=opts,
)

pulumi.export("table", table.name)
