"""Evasion: VPC flow logs (who talked to whom, per customer) go to a central bucket in us-east-1."""

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

vpc = aws.ec2.Vpc("app", cidr_block="10.20.0.0/16")

aws.ec2.FlowLog(
    "leak-app-flow-logs",
    vpc_id=vpc.id,
    traffic_type="ALL",
    log_destination_type="s3",
    log_destination=finance.arn,
)
