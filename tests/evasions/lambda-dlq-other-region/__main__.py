"""Evasion: failed events (full payloads) land in a dead-letter queue in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-worker",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    dead_letter_config={"target_arn": "arn:aws:sqs:us-east-1:123456789012:worker-dlq"},
)
