"""Compliant: a billing-data bucket in us-east-1 with its configuration split into separate resources.

AWS pattern: FinOps teams keep Cost and Usage Report / Data Exports in a bucket next to the billing console in
us-east-1, and pulumi-aws 7 configures a bucket through separate resources (BucketPolicy, BucketVersioning,
BucketServerSideEncryptionConfiguration, BucketPublicAccessBlock, BucketLifecycleConfiguration).

Why compliant: the bucket holds billing data, not customer content, and says so with the exempt data class
``data-class: billing``. Its split resources cannot carry tags, but they configure that bucket and take its
class (lineage); its KMS key is in the bucket's region (S3 requires it) and is tagged the same way.
"""

import json

import pulumi
import pulumi_aws as aws

billing = {"data-class": "billing", "team": "finops"}
us_east_1 = aws.Provider("us-east-1", region="us-east-1")
opts = pulumi.ResourceOptions(provider=us_east_1)

key = aws.kms.Key(
    "billing-exports",
    description="Encrypts the cost and usage exports",
    enable_key_rotation=True,
    deletion_window_in_days=30,
    tags=billing,
    opts=opts,
)
bucket = aws.s3.Bucket("billing-exports", bucket="acme-billing-exports", tags=billing, opts=opts)

aws.s3.BucketPublicAccessBlock(
    "billing-exports",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
    opts=opts,
)
aws.s3.BucketVersioning(
    "billing-exports",
    bucket=bucket.id,
    versioning_configuration={"status": "Enabled"},
    opts=opts,
)
aws.s3.BucketServerSideEncryptionConfiguration(
    "billing-exports",
    bucket=bucket.id,
    rules=[{
        "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": key.arn},
        "bucket_key_enabled": True,
    }],
    opts=opts,
)
aws.s3.BucketLifecycleConfiguration(
    "billing-exports",
    bucket=bucket.id,
    rules=[{
        "id": "expire-old-exports",
        "status": "Enabled",
        "filter": {"prefix": "exports/"},
        "expiration": {"days": 400},
        "noncurrent_version_expiration": {"noncurrent_days": 30},
    }],
    opts=opts,
)
# The Data Exports service writes the reports; the policy grants it (a grant, not a data flow).
aws.s3.BucketPolicy(
    "billing-exports",
    bucket=bucket.id,
    policy=bucket.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AllowDataExports",
            "Effect": "Allow",
            "Principal": {"Service": ["bcm-data-exports.amazonaws.com", "billingreports.amazonaws.com"]},
            "Action": ["s3:PutObject", "s3:GetBucketPolicy"],
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"StringLike": {
                "aws:SourceArn": "arn:aws:bcm-data-exports:us-east-1:123456789012:export/*",
                "aws:SourceAccount": "123456789012",
            }},
        }],
    })),
    opts=opts,
)

pulumi.export("bucket", bucket.bucket)
