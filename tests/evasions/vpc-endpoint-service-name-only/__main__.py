"""Evasion: a VPC endpoint to Secrets Manager in us-east-1, named only through its PrivateLink service name."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("app", cidr_block="10.20.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)

aws.ec2.VpcEndpoint(
    "leak-secrets-us",
    vpc_id=vpc.id,
    vpc_endpoint_type="Interface",
    service_name="com.amazonaws.us-east-1.secretsmanager",
    subnet_ids=["subnet-0a1b2c3d"],
    private_dns_enabled=False,
)
