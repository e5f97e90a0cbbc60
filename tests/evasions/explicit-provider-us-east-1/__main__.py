"""Evasion: an explicit provider with an innocent name, pinned to us-east-1."""

import pulumi
import pulumi_aws as aws

eu_primary = aws.Provider("eu-primary", region="us-east-1")

uploads = aws.s3.Bucket(
    "leak-customer-uploads",
    bucket="acme-customer-uploads",
    tags={"team": "storage"},
    opts=pulumi.ResourceOptions(provider=eu_primary),
)

pulumi.export("bucket", uploads.bucket)
