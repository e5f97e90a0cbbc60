"""Compliant: a second, small stack built from the repository's resident components.

AWS pattern: a product team adopts pulumi-residency's components for its document service in Paris
(eu-west-3), with disaster recovery in Frankfurt (eu-central-1): a pinned provider per region, a customer
managed key per region, a bucket replicated to Frankfurt, a DynamoDB table with a Frankfurt replica, an SQS
dead-letter queue and a Lambda function. Default providers are disabled, as in the reference stack.

Why compliant: the components refuse anything outside the zone before registering a resource; both regions
are in zone ``eu``. The table's replica makes it a multi-Region primitive, which the pack reports as an
advisory finding (``side-door-multi-region``), not a blocking one.
"""

import pulumi

from residency.components import (
    PinnedProvider,
    ResidentBucket,
    ResidentFunction,
    ResidentKey,
    ResidentQueue,
    ResidentTable,
    pinned_provider_args,
    read_stack_settings,
)

settings = read_stack_settings("Pulumi.dev.yaml")
paris_args = pinned_provider_args(settings, pulumi.Config("aws").get("region"), "Pulumi.dev.yaml")
paris = PinnedProvider("paris", paris_args)
frankfurt = PinnedProvider("frankfurt", {**paris_args, "region": "eu-central-1"})

key = ResidentKey("documents", {"provider": paris, "allow_cloudwatch_logs": True, "description": "Documents"})
dr_key = ResidentKey("documents-dr", {"provider": frankfurt, "description": "Documents (disaster recovery)"})

bucket = ResidentBucket("documents", {
    "provider": paris,
    "key": key,
    "replica_key": dr_key,
    "expire_noncurrent_after_days": 90,
})
table = ResidentTable("document-index", {
    "provider": paris,
    "key": key,
    "hash_key": "documentId",
    "replica_keys": [dr_key],
})
dead_letters = ResidentQueue("indexer-dlq", {"provider": paris, "key": key})
indexer = ResidentFunction("indexer", {
    "provider": paris,
    "key": key,
    "code": pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    "handler": "index.handler",
    "dead_letter_queue": dead_letters,
    "environment": {"TABLE_NAME": table.table_name, "BUCKET_NAME": bucket.bucket_name},
    "log_retention_days": settings.log_retention_days,
})

pulumi.export("bucket", bucket.bucket_name)
pulumi.export("replica_bucket", bucket.replica_bucket_name)
pulumi.export("function", indexer.function_arn)
