"""Evasion: one association derived from two load balancers' ARNs; it protects only the first, the second is open."""

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]
VISIBILITY = {"cloudwatch_metrics_enabled": True, "metric_name": "web", "sampled_requests_enabled": False}

def balancer(name: str) -> aws.lb.LoadBalancer:
    return aws.lb.LoadBalancer(name, load_balancer_type="application", internal=False,
                               subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
                               security_groups=["sg-0123456789abcdef0"])


shop, leak = balancer("shop-alb"), balancer("leak-alb")
acl = aws.wafv2.WebAcl("eea", scope="REGIONAL", default_action={"block": {}}, visibility_config=VISIBILITY, rules=[
    {"name": "eea", "priority": 1, "action": {"allow": {}},
     "statement": {"geo_match_statement": {"country_codes": EEA}}, "visibility_config": VISIBILITY},
])
aws.wafv2.WebAclAssociation("both", resource_arn=pulumi.Output.all(shop.arn, leak.arn).apply(lambda arns: arns[0]),
                            web_acl_arn=acl.arn)
