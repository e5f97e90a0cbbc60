"""Evasion: the app VPC is peered with the US analytics VPC, a network path for bulk copies."""

import pulumi
import pulumi_aws as aws

app = aws.ec2.Vpc("app", cidr_block="10.20.0.0/16")

aws.ec2.VpcPeeringConnection(
    "leak-app-to-us-analytics",
    vpc_id=app.id,
    peer_vpc_id="vpc-0fedcba9876543210",
    peer_owner_id="123456789012",
    peer_region="us-east-1",
)
