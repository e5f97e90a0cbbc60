"""Compliant: a CloudTrail trail delivering to an S3 bucket and a log group in eu-west-3.

AWS pattern: the audit trail of an account (CloudTrail User Guide, create-s3-bucket-policy-for-cloudtrail):
a trail with log file validation, ``is_multi_region_trail`` so that API activity of every region is
recorded, global service events included, SSE-KMS, a bucket policy letting cloudtrail.amazonaws.com write
with an ``aws:SourceArn`` condition, and a CloudWatch Logs copy for alarms.

Why compliant: the trail's home region is eu-west-3 and it delivers to a bucket and a log group of this
stack in eu-west-3. A multi-region trail records events *from* other regions into the home region's
destinations; it does not send data out of the zone.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"
TRAIL_ARN = f"arn:aws:cloudtrail:eu-west-3:{ACCOUNT}:trail/organisation-audit"

key = aws.kms.Key("audit", description="Audit trail", enable_key_rotation=True, policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "CloudTrailEncrypts", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "kms:GenerateDataKey*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}},
    ],
}))
bucket = aws.s3.Bucket("audit", bucket="acme-audit-trail-paris")
aws.s3.BucketPublicAccessBlock("audit", bucket=bucket.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)
bucket_policy = aws.s3.BucketPolicy(
    "audit",
    bucket=bucket.id,
    policy=bucket.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:GetBucketAcl", "Resource": arn,
             "Condition": {"StringEquals": {"aws:SourceArn": TRAIL_ARN}}},
            {"Sid": "Write", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"{arn}/AWSLogs/{ACCOUNT}/*",
             "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                            "aws:SourceArn": TRAIL_ARN}}},
        ],
    })),
)
trail_logs = aws.cloudwatch.LogGroup("audit", name="/audit/cloudtrail", retention_in_days=365, kms_key_id=key.arn)
logs_role = aws.iam.Role(
    "cloudtrail-to-logs",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.cloudtrail.Trail(
    "organisation-audit",
    name="organisation-audit",
    s3_bucket_name=bucket.id,
    kms_key_id=key.arn,
    is_multi_region_trail=True,
    include_global_service_events=True,
    enable_log_file_validation=True,
    cloud_watch_logs_group_arn=trail_logs.arn.apply(lambda arn: f"{arn}:*"),
    cloud_watch_logs_role_arn=logs_role.arn,
    opts=pulumi.ResourceOptions(depends_on=[bucket_policy]),
)
