"""Evasion: the destination bucket ARN comes from another stack's outputs (unknown at preview)."""

import pulumi
import pulumi_aws as aws

dr = pulumi.StackReference("acme/dr-storage/prod")

source = aws.s3.Bucket("documents", bucket="acme-documents-eu")
aws.s3.BucketReplicationConfig(
    "leak-replicate-to-dr",
    bucket=source.id,
    role="arn:aws:iam::123456789012:role/s3-replication",
    rules=[{
        "id": "dr",
        "status": "Enabled",
        "destination": {"bucket": dr.get_output("bucket_arn")},
    }],
)
