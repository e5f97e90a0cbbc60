"""Evasion: the order-exception handler posts each failed order (with the customer's address) to Slack."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-order-exceptions",
    role="arn:aws:iam::123456789012:role/order-exceptions",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX"}},
)
