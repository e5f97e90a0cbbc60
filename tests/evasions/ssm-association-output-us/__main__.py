"""Evasion: Run Command output of the inventory script (which dumps customer records) lands in a bucket in us-east-1."""

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

aws.ssm.Association(
    "leak-nightly-inventory",
    name="AWS-RunShellScript",
    association_name="nightly-inventory",
    schedule_expression="cron(0 2 * * ? *)",
    targets=[{"key": "tag:role", "values": ["app"]}],
    parameters={"commands": "/opt/acme/bin/inventory --full"},
    output_location={"s3_bucket_name": "acme-finance-exports-us", "s3_key_prefix": "ssm/inventory"},
)
