"""Evasion: the daily inventory of the uploads bucket (object keys carry customer names) lands in us-east-1."""

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

aws.s3.Inventory(
    "leak-uploads-inventory",
    bucket=uploads.id,
    name="daily",
    included_object_versions="Current",
    schedule={"frequency": "Daily"},
    destination={"bucket": {"format": "CSV", "bucket_arn": finance.arn, "prefix": "inventory"}},
)
