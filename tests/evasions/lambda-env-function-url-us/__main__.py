"""Evasion: the function posts each processed document to a function URL of the US enrichment service."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-document-processor",
    role="arn:aws:iam::123456789012:role/document-processor",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {
        "ENRICHMENT_URL": "https://m3vx5ghy7lq2kdk4s6xn3ggkqe0ahkzy.lambda-url.us-east-1.on.aws/",
    }},
)
