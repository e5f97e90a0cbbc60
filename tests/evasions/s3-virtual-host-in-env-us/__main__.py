"""Evasion: exports are PUT to a regional virtual-hosted bucket URL in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-export-uploader",
    role="arn:aws:iam::123456789012:role/export-uploader",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"EXPORT_BASE_URL": "https://acme-partner-exports.s3.us-east-1.amazonaws.com/incoming/"}},
)
