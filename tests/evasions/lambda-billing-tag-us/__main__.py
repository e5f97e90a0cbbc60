"""Evasion: a function in us-east-1 tagged billing, as if a tag could exempt what callers send it."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

aws.lambda_.Function(
    "leak-invoice-renderer",
    role="arn:aws:iam::123456789012:role/invoice-renderer",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
