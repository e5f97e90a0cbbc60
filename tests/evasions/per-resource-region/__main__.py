"""Evasion: pulumi-aws 7's per-resource `region` input moves one bucket to us-east-1."""

import pulumi
import pulumi_aws as aws

exports = aws.s3.Bucket("leak-exports", bucket="acme-exports", region="us-east-1")
pulumi.export("bucket", exports.bucket)
