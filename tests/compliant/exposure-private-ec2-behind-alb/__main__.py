"""AWS pattern: A private EC2 instance served through an internet-facing ALB with an EEA web ACL.

Why compliant: A private EC2 instance, reachable only through an internet-facing ALB whose web ACL admits the EEA.
"""

import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]
VISIBILITY = {"cloudwatch_metrics_enabled": True, "metric_name": "web", "sampled_requests_enabled": False}

vpc = aws.ec2.Vpc("app", cidr_block="10.20.0.0/16", enable_dns_hostnames=True)
gateway = aws.ec2.InternetGateway("app-gateway", vpc_id=vpc.id)

public_table = aws.ec2.RouteTable("public", vpc_id=vpc.id)
aws.ec2.Route("public-default", route_table_id=public_table.id, destination_cidr_block="0.0.0.0/0",
              gateway_id=gateway.id)
private_table = aws.ec2.RouteTable("private", vpc_id=vpc.id)

public_subnets, private_subnets = [], []
for index, zone in enumerate(("a", "b")):
    public = aws.ec2.Subnet(f"public-{zone}", vpc_id=vpc.id, cidr_block=f"10.20.{index}.0/24",
                            availability_zone=f"eu-west-3{zone}", map_public_ip_on_launch=False)
    aws.ec2.RouteTableAssociation(f"public-{zone}", subnet_id=public.id, route_table_id=public_table.id)
    private = aws.ec2.Subnet(f"private-{zone}", vpc_id=vpc.id, cidr_block=f"10.20.{10 + index}.0/24",
                             availability_zone=f"eu-west-3{zone}")
    aws.ec2.RouteTableAssociation(f"private-{zone}", subnet_id=private.id, route_table_id=private_table.id)
    public_subnets.append(public)
    private_subnets.append(private)

# The load balancer takes HTTPS from anywhere; the web ACL decides which countries get through.
alb_group = aws.ec2.SecurityGroup("alb", vpc_id=vpc.id, description="HTTPS from the internet")
aws.vpc.SecurityGroupIngressRule("alb-https", security_group_id=alb_group.id, ip_protocol="tcp", from_port=443,
                                 to_port=443, cidr_ipv4="0.0.0.0/0")
# The instance only takes traffic from the load balancer.
app_group = aws.ec2.SecurityGroup("app", vpc_id=vpc.id, description="HTTP from the load balancer only")
aws.vpc.SecurityGroupIngressRule("app-from-alb", security_group_id=app_group.id, ip_protocol="tcp", from_port=8080,
                                 to_port=8080, referenced_security_group_id=alb_group.id)

server = aws.ec2.Instance(
    "app-server",
    ami="ami-0abcdef1234567890",
    instance_type="t3.micro",
    subnet_id=private_subnets[0].id,
    vpc_security_group_ids=[app_group.id],
    associate_public_ip_address=False,
)

alb = aws.lb.LoadBalancer("front", load_balancer_type="application", internal=False,
                          security_groups=[alb_group.id], subnets=[s.id for s in public_subnets])
targets = aws.lb.TargetGroup("app", port=8080, protocol="HTTP", vpc_id=vpc.id, target_type="instance")
aws.lb.TargetGroupAttachment("app-server", target_group_arn=targets.arn, target_id=server.id, port=8080)
aws.lb.Listener("https", load_balancer_arn=alb.arn, port=443, protocol="HTTPS",
                certificate_arn="arn:aws:acm:eu-west-3:123456789012:certificate/0f0e0d0c-aaaa-bbbb-cccc-000000000001",
                default_actions=[{"type": "forward", "target_group_arn": targets.arn}])

acl = aws.wafv2.WebAcl(
    "eea-only",
    scope="REGIONAL",
    default_action={"block": {}},
    visibility_config=VISIBILITY,
    rules=[{
        "name": "eea",
        "priority": 1,
        "action": {"allow": {}},
        "statement": {"geo_match_statement": {"country_codes": EEA}},
        "visibility_config": VISIBILITY,
    }],
)
aws.wafv2.WebAclAssociation("front-waf", resource_arn=alb.arn, web_acl_arn=acl.arn)
