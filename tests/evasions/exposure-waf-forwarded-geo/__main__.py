"""Evasion: the EEA geo match reads X-Forwarded-For, a header any client can set to an EEA address."""

import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]
VISIBILITY = {"cloudwatch_metrics_enabled": True, "metric_name": "web", "sampled_requests_enabled": False}

alb = aws.lb.LoadBalancer("leak-alb", load_balancer_type="application", internal=False,
                          subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"], security_groups=["sg-0123456789abcdef0"])
acl = aws.wafv2.WebAcl("eea", scope="REGIONAL", default_action={"block": {}}, visibility_config=VISIBILITY, rules=[
    {"name": "eea", "priority": 1, "action": {"allow": {}},
     "statement": {"geo_match_statement": {
         "country_codes": EEA,
         "forwarded_ip_config": {"header_name": "X-Forwarded-For", "fallback_behavior": "NO_MATCH"}}},
     "visibility_config": VISIBILITY},
])
aws.wafv2.WebAclAssociation("web", resource_arn=alb.arn, web_acl_arn=acl.arn)
