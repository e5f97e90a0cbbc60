"""Evasion: the ingest URL is formatted from the platform stack's API host: the host could be anywhere."""

import pulumi
import pulumi_aws as aws

platform = pulumi.StackReference("acme/platform/prod")

aws.lambda_.Function(
    "leak-ingest-client",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\\n    return None\\n")}),
    environment={"variables": {
        "INGEST_URL": platform.get_output("api_host").apply(lambda host: f"https://{host}/v1/ingest"),
    }},
)
