"""Evasion: a web server in the default VPC (public IP by default) behind a security group open to 0.0.0.0/0."""

import pulumi
import pulumi_aws as aws

web = aws.ec2.SecurityGroup("leak-web-sg", description="HTTP from anywhere", ingress=[
    {"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]},
])
server = aws.ec2.Instance("leak-web", ami="ami-0abcdef1234567890", instance_type="t3.micro",
                          vpc_security_group_ids=[web.id],
                          user_data="#!/bin/bash\necho hello > index.html\nnohup python3 -m http.server 80 &\n")
pulumi.export("url", pulumi.Output.concat("http://", server.public_dns))
