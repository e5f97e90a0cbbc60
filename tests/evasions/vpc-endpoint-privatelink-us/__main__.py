"""Evasion: a cross-Region interface endpoint so that workloads in the zone write straight to S3 in us-east-1."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("app", cidr_block="10.20.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)

aws.ec2.VpcEndpoint(
    "leak-s3-us-east-1",
    vpc_id=vpc.id,
    vpc_endpoint_type="Interface",
    service_name="com.amazonaws.us-east-1.s3",
    service_region="us-east-1",
    subnet_ids=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    security_group_ids=["sg-0123456789abcdef0"],
)
