"""Evasion: the bucket's encryption key is whatever the security stack exports (require_output)."""

import pulumi
import pulumi_aws as aws

security = pulumi.StackReference("acme/security/prod")
documents = aws.s3.Bucket("documents", bucket="acme-documents-eu")

aws.s3.BucketServerSideEncryptionConfiguration(
    "leak-documents-encryption",
    bucket=documents.id,
    rules=[{"apply_server_side_encryption_by_default": {
        "sse_algorithm": "aws:kms",
        "kms_master_key_id": security.require_output("data_key_arn"),
    }}],
)
