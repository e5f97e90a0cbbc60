"""Evasion: an Auto Scaling group in a subnet that maps public IPs, its group opened by a standalone ingress rule."""

import pulumi_aws as aws

vpc = aws.ec2.Vpc("fleet", cidr_block="10.40.0.0/16")
gateway = aws.ec2.InternetGateway("fleet", vpc_id=vpc.id)
public = aws.ec2.Subnet("fleet-public", vpc_id=vpc.id, cidr_block="10.40.1.0/24", map_public_ip_on_launch=True)
table = aws.ec2.RouteTable("fleet-public", vpc_id=vpc.id)
aws.ec2.Route("fleet-default", route_table_id=table.id, destination_cidr_block="0.0.0.0/0", gateway_id=gateway.id)
aws.ec2.RouteTableAssociation("fleet-public", subnet_id=public.id, route_table_id=table.id)

group = aws.ec2.SecurityGroup("fleet", vpc_id=vpc.id, description="workers")
# The group looks closed; a separate rule opens it.
aws.vpc.SecurityGroupIngressRule("fleet-https", security_group_id=group.id, ip_protocol="tcp", from_port=443,
                                 to_port=443, cidr_ipv4="0.0.0.0/0")
template = aws.ec2.LaunchTemplate("fleet", image_id="ami-0abcdef1234567890", instance_type="t3.small",
                                  vpc_security_group_ids=[group.id])
aws.autoscaling.Group("leak-fleet", min_size=1, max_size=3, vpc_zone_identifiers=[public.id],
                      launch_template={"id": template.id, "version": "$Latest"})
