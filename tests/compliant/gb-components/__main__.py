"""Compliant: the repository's components in a UK stack (``residency:zone: gb``, eu-west-2).

AWS pattern: a UK public-sector service keeps everything in London. The components read ``residency:zone``
and ``aws:region`` from Pulumi.dev.yaml and pin every resource to eu-west-2; the pack gets the same zone from
policy-config.json (the CLI takes pack settings from ``--zone``/``--policy-config``, the stack's
``residency:*`` keys are for the components).

Why compliant: zone ``gb`` has one region, eu-west-2, and the components create everything there: key,
bucket (without replication: the zone has no second region), table, dead-letter queue and function.
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
london = PinnedProvider("london", pinned_provider_args(settings, pulumi.Config("aws").get("region"),
                                                       "Pulumi.dev.yaml"))
key = ResidentKey("casework", {"provider": london, "allow_cloudwatch_logs": True})
bucket = ResidentBucket("casework", {"provider": london, "key": key, "expire_after_days": 2557})
table = ResidentTable("cases", {"provider": london, "key": key, "hash_key": "caseId", "range_key": "eventAt"})
dead_letters = ResidentQueue("intake-dlq", {"provider": london, "key": key})
ResidentFunction("intake", {
    "provider": london,
    "key": key,
    "code": pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    "handler": "index.handler",
    "dead_letter_queue": dead_letters,
    "environment": {"CASES_TABLE": table.table_name, "CASEWORK_BUCKET": bucket.bucket_name},
})

pulumi.export("zone", london.zone_label)
