"""Evasion: the web ACL allows only the EEA, but a standalone rule added to it from outside allows every request."""

import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]
VISIBILITY = {"cloudwatch_metrics_enabled": True, "metric_name": "web", "sampled_requests_enabled": False}

alb = aws.lb.LoadBalancer("leak-alb", load_balancer_type="application", internal=False,
                          subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"], security_groups=["sg-0123456789abcdef0"])
acl = aws.wafv2.WebAcl("eea", scope="REGIONAL", default_action={"block": {}}, visibility_config=VISIBILITY, rules=[
    {"name": "eea", "priority": 10, "action": {"allow": {}},
     "statement": {"geo_match_statement": {"country_codes": EEA}}, "visibility_config": VISIBILITY},
])
aws.wafv2.WebAclRule("health-check", web_acl_arn=acl.arn, name="health", priority=1, action={"allow": {}},
                     statement={"byte_match_statement": {
                         "search_string": "/", "positional_constraint": "STARTS_WITH",
                         "field_to_match": {"uri_path": {}},
                         "text_transformations": [{"priority": 0, "type": "NONE"}]}},
                     visibility_config=VISIBILITY)
aws.wafv2.WebAclAssociation("web", resource_arn=alb.arn, web_acl_arn=acl.arn)
