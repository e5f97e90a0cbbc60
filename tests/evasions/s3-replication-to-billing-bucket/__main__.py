"""Evasion: the destination bucket is tagged billing, but what flows into it is the customer uploads bucket."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")
aws.s3.BucketVersioning("uploads-versioning", bucket=uploads.id, versioning_configuration={"status": "Enabled"})

archive = aws.s3.Bucket(
    "billing-archive",
    bucket="acme-billing-archive-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)
aws.s3.BucketVersioning("billing-archive-versioning", bucket=archive.id,
                        versioning_configuration={"status": "Enabled"},
                        opts=pulumi.ResourceOptions(provider=us_east_1))

aws.s3.BucketReplicationConfig(
    "leak-uploads-to-billing-archive",
    bucket=uploads.id,
    role="arn:aws:iam::123456789012:role/s3-replication",
    rules=[{
        "id": "archive",
        "status": "Enabled",
        "filter": {},
        "delete_marker_replication": {"status": "Disabled"},
        "destination": {"bucket": archive.arn},
    }],
)
