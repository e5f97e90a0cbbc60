"""Evasion: encrypt an EU bucket with a key that lives in us-east-1."""

import pulumi
import pulumi_aws as aws

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads")
aws.s3.BucketServerSideEncryptionConfiguration(
    "leak-uploads-encryption",
    bucket=uploads.id,
    rules=[{
        "apply_server_side_encryption_by_default": {
            "sse_algorithm": "aws:kms",
            "kms_master_key_id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
        "bucket_key_enabled": True,
    }],
)
