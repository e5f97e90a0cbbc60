"""Evasion: DD_SITE=datadoghq.com (US1) instead of datadoghq.eu: the extension ships logs and traces to the US."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-checkout-api",
    role="arn:aws:iam::123456789012:role/checkout-api",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"DD_SITE": "datadoghq.com", "DD_LOGS_ENABLED": "true", "DD_TRACE_ENABLED": "true"}},
)
