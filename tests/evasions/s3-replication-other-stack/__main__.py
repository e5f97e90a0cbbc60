"""Evasion: replicate an EU bucket to a bucket that lives in another stack (and another region)."""

import pulumi
import pulumi_aws as aws

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")
aws.s3.BucketVersioning("uploads-versioning", bucket=uploads.id,
                        versioning_configuration={"status": "Enabled"})

aws.s3.BucketReplicationConfig(
    "leak-replicate-uploads",
    bucket=uploads.id,
    role="arn:aws:iam::123456789012:role/s3-replication",
    rules=[{
        "id": "dr",
        "status": "Enabled",
        "filter": {},
        "delete_marker_replication": {"status": "Disabled"},
        "destination": {"bucket": "arn:aws:s3:::acme-dr-replica", "storage_class": "STANDARD"},
    }],
)
