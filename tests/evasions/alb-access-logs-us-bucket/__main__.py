"""Evasion: the ALB's access logs (client IPs, request URLs with query strings) are written to us-east-1."""

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

aws.lb.LoadBalancer(
    "leak-internal-api",
    name="internal-api",
    internal=True,
    load_balancer_type="application",
    subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    security_groups=["sg-0123456789abcdef0"],
    access_logs={"bucket": finance.bucket, "prefix": "alb", "enabled": True},
)
