"""Evasion: the function calls Bedrock with MODEL_ID=us.meta.llama...: each request may be served in the US."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-review-summariser",
    role="arn:aws:iam::123456789012:role/review-summariser",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    timeout=60,
    environment={"variables": {"MODEL_ID": "us.meta.llama3-3-70b-instruct-v1:0"}},
)
