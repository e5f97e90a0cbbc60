"""Evasion: AWS Config delivers configuration items and snapshots to a bucket in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# The finance team's bucket in us-east-1 holds billing exports only (an exempt class), so it may stand there.
finance = aws.s3.Bucket(
    "finance-exports",
    bucket="acme-finance-exports-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

recorder = aws.cfg.Recorder(
    "recorder",
    name="default",
    role_arn="arn:aws:iam::123456789012:role/aws-config",
    recording_group={"all_supported": True},
)

aws.cfg.DeliveryChannel(
    "leak-config-delivery",
    name="default",
    s3_bucket_name=finance.bucket,
    s3_key_prefix="config",
    opts=pulumi.ResourceOptions(depends_on=[recorder]),
)
