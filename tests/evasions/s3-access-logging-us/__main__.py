"""Evasion: server access logs of the uploads bucket (keys, requesters) are delivered to a bucket in us-east-1."""

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

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")

aws.s3.BucketLogging(
    "leak-uploads-access-logs",
    bucket=uploads.id,
    target_bucket=finance.id,
    target_prefix="s3-access/uploads/",
)
