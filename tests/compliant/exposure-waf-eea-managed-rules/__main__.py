"""AWS pattern: A web ACL that allows only the EEA, with AWS managed rules in BLOCK and COUNT mode.

Why compliant: A web ACL that allows only the EEA, with AWS managed rules blocking and counting, and rules added
from outside the ACL (a standalone rule, a rule group association) that can only block or count.
"""

import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]


def visibility(name: str) -> dict[str, object]:
    return {"cloudwatch_metrics_enabled": True, "metric_name": name, "sampled_requests_enabled": False}


front = aws.lb.LoadBalancer("storefront", load_balancer_type="application", internal=False,
                            subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"], security_groups=["sg-0123456789abcdef0"])

acl = aws.wafv2.WebAcl(
    "storefront",
    scope="REGIONAL",
    default_action={"block": {}},
    visibility_config=visibility("storefront"),
    rules=[
        {   # AWS managed rules, enforced (BLOCK): they never ALLOW, so they cannot let another country in.
            "name": "common",
            "priority": 0,
            "override_action": {"none": {}},
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS",
                                                           "name": "AWSManagedRulesCommonRuleSet"}},
            "visibility_config": visibility("common"),
        },
        {   # AWS managed rules in COUNT mode, while they are being tuned.
            "name": "bad-inputs",
            "priority": 1,
            "override_action": {"count": {}},
            "statement": {"managed_rule_group_statement": {"vendor_name": "AWS",
                                                           "name": "AWSManagedRulesKnownBadInputsRuleSet"}},
            "visibility_config": visibility("bad-inputs"),
        },
        {
            "name": "eea",
            "priority": 10,
            "action": {"allow": {}},
            "statement": {"geo_match_statement": {"country_codes": EEA}},
            "visibility_config": visibility("eea"),
        },
    ],
)
# Rules added from outside the ACL are part of what AWS evaluates: these block or count only.
aws.wafv2.WebAclRule("rate-limit", web_acl_arn=acl.arn, name="rate-limit", priority=2,
                     action={"block": {}},
                     statement={"rate_based_statement": {"limit": 2000, "aggregate_key_type": "IP"}},
                     visibility_config=visibility("rate-limit"))
aws.wafv2.WebAclRuleGroupAssociation("sqli", web_acl_arn=acl.arn, rule_name="sqli", priority=3,
                                     override_action="none",
                                     managed_rule_group={"vendor_name": "AWS", "name": "AWSManagedRulesSQLiRuleSet"},
                                     visibility_config=visibility("sqli"))
aws.wafv2.WebAclAssociation("storefront", resource_arn=front.arn, web_acl_arn=acl.arn)
