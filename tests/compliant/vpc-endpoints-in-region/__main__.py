"""Compliant: VPC gateway and interface endpoints of the VPC's own region.

AWS pattern: private subnets reach AWS services through VPC endpoints (PrivateLink Guide,
aws-services-privatelink-support) whose service names are ``com.amazonaws.<region>.<service>``: gateway
endpoints for S3 and DynamoDB attached to route tables, interface endpoints with private DNS for the rest;
the S3 gateway endpoint has an endpoint policy limiting it to the organisation's buckets.

Why compliant: every service name is ``com.amazonaws.eu-west-3.*``, the VPC's own region, in zone ``eu``;
the endpoint policy is a grant.
"""

import json

import pulumi
import pulumi_aws as aws

REGION = "eu-west-3"

vpc = aws.ec2.Vpc("private", cidr_block="10.20.0.0/16", enable_dns_hostnames=True, enable_dns_support=True)
subnets = [
    aws.ec2.Subnet(f"private-{zone}", vpc_id=vpc.id, cidr_block=f"10.20.{index}.0/24",
                   availability_zone=f"{REGION}{zone}")
    for index, zone in enumerate("abc")
]
route_table = aws.ec2.RouteTable("private", vpc_id=vpc.id)
for index, subnet in enumerate(subnets):
    aws.ec2.RouteTableAssociation(f"private-{index}", subnet_id=subnet.id, route_table_id=route_table.id)
endpoint_sg = aws.ec2.SecurityGroup(
    "endpoints",
    vpc_id=vpc.id,
    description="HTTPS from the VPC to interface endpoints",
    ingress=[{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.20.0.0/16"]}],
)

aws.ec2.VpcEndpoint(
    "s3",
    vpc_id=vpc.id,
    service_name=f"com.amazonaws.{REGION}.s3",
    vpc_endpoint_type="Gateway",
    route_table_ids=[route_table.id],
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:ResourceOrgID": "o-abc123def4"}},
        }],
    }),
)
aws.ec2.VpcEndpoint(
    "dynamodb",
    vpc_id=vpc.id,
    service_name=f"com.amazonaws.{REGION}.dynamodb",
    vpc_endpoint_type="Gateway",
    route_table_ids=[route_table.id],
)
for service in ("sqs", "kms", "secretsmanager", "ecr.api", "ecr.dkr", "logs", "sts"):
    aws.ec2.VpcEndpoint(
        service.replace(".", "-"),
        vpc_id=vpc.id,
        service_name=f"com.amazonaws.{REGION}.{service}",
        vpc_endpoint_type="Interface",
        private_dns_enabled=True,
        subnet_ids=[s.id for s in subnets],
        security_group_ids=[endpoint_sg.id],
    )

pulumi.export("vpc", vpc.id)
