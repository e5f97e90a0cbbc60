"""Evasion: the function writes a second copy of every record to the region named in REPLICA_REGION."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-dual-writer",
    role="arn:aws:iam::123456789012:role/dual-writer",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"TABLE_NAME": "profiles", "REPLICA_REGION": "us-west-2"}},
)
