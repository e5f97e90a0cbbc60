"""Compliant: AWS Config recording in eu-central-1 (Frankfurt) with delivery to an in-zone bucket.

AWS pattern: a configuration recorder with a service-linked role, a delivery channel writing snapshots and
history to an S3 bucket (with the bucket policy AWS Config needs) and notifying an SNS topic, and a managed
rule (AWS Config Developer Guide, gs-cli-prereq).

Why compliant: recorder, delivery channel, bucket, topic and rule are in eu-central-1, in zone ``eu``; the
delivery channel names the bucket of this stack and the topic's eu-central-1 ARN.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"

bucket = aws.s3.Bucket("config-history", bucket="acme-config-history-frankfurt")
aws.s3.BucketPolicy(
    "config-history",
    bucket=bucket.id,
    policy=bucket.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AclCheck", "Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"},
             "Action": ["s3:GetBucketAcl", "s3:ListBucket"], "Resource": arn,
             "Condition": {"StringEquals": {"AWS:SourceAccount": ACCOUNT}}},
            {"Sid": "Delivery", "Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": f"{arn}/AWSLogs/{ACCOUNT}/Config/*",
             "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                            "AWS:SourceAccount": ACCOUNT}}},
        ],
    })),
)
topic = aws.sns.Topic("config-changes", kms_master_key_id="alias/aws/sns")
recorder = aws.cfg.Recorder(
    "default",
    name="default",
    role_arn=f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
    recording_group={"all_supported": True, "include_global_resource_types": False},
)
channel = aws.cfg.DeliveryChannel(
    "default",
    name="default",
    s3_bucket_name=bucket.bucket,
    sns_topic_arn=topic.arn,
    snapshot_delivery_properties={"delivery_frequency": "TwentyFour_Hours"},
    opts=pulumi.ResourceOptions(depends_on=[recorder]),
)
aws.cfg.RecorderStatus("default", name=recorder.name, is_enabled=True,
                       opts=pulumi.ResourceOptions(depends_on=[channel]))
aws.cfg.Rule(
    "s3-encryption",
    name="s3-bucket-server-side-encryption-enabled",
    source={"owner": "AWS", "source_identifier": "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED"},
    opts=pulumi.ResourceOptions(depends_on=[recorder]),
)
