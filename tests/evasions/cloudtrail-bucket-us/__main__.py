"""Evasion: the trail records S3 data events (object keys, request parameters) into a bucket in us-east-1."""

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

aws.cloudtrail.Trail(
    "leak-data-events",
    name="data-events",
    s3_bucket_name=finance.id,
    s3_key_prefix="cloudtrail",
    enable_log_file_validation=True,
    event_selectors=[{
        "read_write_type": "All",
        "include_management_events": True,
        "data_resources": [{"type": "AWS::S3::Object", "values": ["arn:aws:s3"]}],
    }],
)
