"""Evasion: every Athena query result over customer tables is written to a bucket that stands in us-east-1."""

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

aws.athena.Workgroup(
    "leak-analysts",
    name="analysts",
    configuration={
        "enforce_workgroup_configuration": True,
        "result_configuration": {"output_location": "s3://acme-finance-exports-us/athena-results/"},
    },
)
