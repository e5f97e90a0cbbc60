"""Evasion: case and whitespace tricks in a WAF geo match."""

import pulumi
import pulumi_aws as aws

VISIBILITY = {"cloudwatch_metrics_enabled": True, "metric_name": "web", "sampled_requests_enabled": True}

web = aws.lb.LoadBalancer(
    "leak-web",
    internal=False,
    load_balancer_type="application",
    subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    security_groups=["sg-0123456789abcdef0"],
)

acl = aws.wafv2.WebAcl(
    "geo",
    scope="REGIONAL",
    default_action={"block": {}},
    visibility_config=VISIBILITY,
    rules=[{
        "name": "eu-only",
        "priority": 1,
        "action": {"allow": {}},
        "statement": {"geo_match_statement": {"country_codes": ["FR", "DE", "us "]}},
        "visibility_config": VISIBILITY,
    }],
)

aws.wafv2.WebAclAssociation("web-waf", resource_arn=web.arn, web_acl_arn=acl.arn)
