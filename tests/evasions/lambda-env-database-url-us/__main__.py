"""Evasion: the reporting function writes customer rows to the US reporting database through DATABASE_URL."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-reporting-writer",
    role="arn:aws:iam::123456789012:role/reporting-writer",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {
        "DATABASE_URL": "postgresql://reporting@reporting.cluster-c9akciq32lvm.us-east-1.rds.amazonaws.com:5432/reporting",
    }},
)
