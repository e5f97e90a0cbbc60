"""Evasion: Block Public Access switched off and a bucket policy that lets everyone read the objects."""

import json

import pulumi
import pulumi_aws as aws

bucket = aws.s3.Bucket("reports")
guard = aws.s3.BucketPublicAccessBlock("reports", bucket=bucket.id, block_public_acls=False,
                                       block_public_policy=False, ignore_public_acls=False,
                                       restrict_public_buckets=False)
aws.s3.BucketPolicy(
    "leak-policy",
    bucket=bucket.id,
    policy=bucket.arn.apply(lambda arn: json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{arn}/*"},
    ]})),
    opts=pulumi.ResourceOptions(depends_on=[guard]),
)
