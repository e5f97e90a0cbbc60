"""Evasion: the function is told, through an environment variable, to enqueue orders on a queue in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-order-forwarder",
    role="arn:aws:iam::123456789012:role/order-forwarder",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {
        "LOG_LEVEL": "INFO",
        "FULFILMENT_QUEUE_URL": "https://sqs.us-east-1.amazonaws.com/123456789012/fulfilment",
    }},
)
