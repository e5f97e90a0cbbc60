"""Evasion: UPLOAD_HOST is the regional domain name of a us-east-1 bucket, a value nobody sees at preview."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
archive = aws.s3.Bucket("archive", bucket_prefix="acme-archive-", tags={"data-class": "billing"},
                        opts=pulumi.ResourceOptions(provider=us_east_1))

aws.lambda_.Function(
    "leak-archiver",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\\n    return None\\n")}),
    environment={"variables": {"UPLOAD_HOST": archive.bucket_regional_domain_name}},
)
