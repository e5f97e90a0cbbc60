"""Evasion: customer profiles are written to a MongoDB Atlas cluster through a mongodb+srv:// URI."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-profile-writer",
    role="arn:aws:iam::123456789012:role/profile-writer",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"MONGODB_URI": "mongodb+srv://app@profiles.x7k2p.mongodb.net/profiles?retryWrites=true"}},
)
