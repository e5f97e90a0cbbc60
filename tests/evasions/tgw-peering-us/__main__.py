"""Evasion: the EU transit gateway is peered with the US backbone, routing traffic out of the zone."""

import pulumi
import pulumi_aws as aws

hub = aws.ec2transitgateway.TransitGateway("eu-hub", description="EU hub")

aws.ec2transitgateway.PeeringAttachment(
    "leak-eu-to-us-backbone",
    transit_gateway_id=hub.id,
    peer_transit_gateway_id="tgw-0fedcba9876543210",
    peer_account_id="123456789012",
    peer_region="us-west-2",
)
