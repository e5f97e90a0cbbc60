"""Evasion: uploads are replicated to the China subsidiary's bucket (arn:aws-cn:s3:::...)."""

import pulumi
import pulumi_aws as aws

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")
aws.s3.BucketVersioning("uploads-versioning", bucket=uploads.id, versioning_configuration={"status": "Enabled"})

aws.s3.BucketReplicationConfig(
    "leak-replicate-to-cn",
    bucket=uploads.id,
    role="arn:aws:iam::123456789012:role/s3-replication",
    rules=[{
        "id": "cn",
        "status": "Enabled",
        "filter": {},
        "delete_marker_replication": {"status": "Disabled"},
        "destination": {"bucket": "arn:aws-cn:s3:::acme-uploads-cn"},
    }],
)
