"""Evasion: a hard-coded public IP address instead of a host name, so no domain gives the destination away."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-telemetry-forwarder",
    role="arn:aws:iam::123456789012:role/telemetry-forwarder",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"INGEST_URL": "https://52.94.133.131:8443/ingest"}},
)
