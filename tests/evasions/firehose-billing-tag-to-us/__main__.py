"""Evasion: both the stream and the bucket say billing, but the stream carries whatever producers put in it."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

archive = aws.s3.Bucket(
    "billing-archive",
    bucket="acme-billing-archive-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

aws.kinesis.FirehoseDeliveryStream(
    "leak-usage-events",
    name="usage-events",
    destination="extended_s3",
    extended_s3_configuration={
        "role_arn": "arn:aws:iam::123456789012:role/firehose-usage",
        "bucket_arn": archive.arn,
    },
    tags={"data-class": "billing"},
)
