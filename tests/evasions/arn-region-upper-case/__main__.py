"""Evasion: an ARN with its region in upper case, hoping a matcher compares lower-cased names only to the zone's list."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-ingest-worker",
    role="arn:aws:iam::123456789012:role/ingest-worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    dead_letter_config={"target_arn": "arn:aws:sqs:US-EAST-1:123456789012:ingest-dlq"},
)
