"""exposure-geo-restriction (stack): which web ACL protects which endpoint, and CloudFront geo restrictions.

The web ACL evaluation itself is tested as a truth table in test_exposure_waf.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from baselines import baseline
from policy_harness import UNKNOWN, Pack, Res, single

from residency import catalog as c
from residency import model
from residency.policies.exposure import geo_restriction_problem

EEA = model.expand_countries(["EEA"])
ACL_ARN = "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/acl/1"


def geo(*codes: str) -> dict[str, Any]:
    return {"geoMatchStatement": {"countryCodes": list(codes)}}


def rule(priority: int, action: str, statement: dict[str, Any]) -> dict[str, Any]:
    return {"name": f"r{priority}", "priority": priority, "action": {action: {}}, "statement": statement}


BLOCK_DEFAULT = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo("FR", "DE"))]}
NO_WAF = ("This internet-facing {} has no WAFv2 web ACL association, so requests from any country reach it. "
          "Associate a web ACL that blocks countries outside the supported ones.")


def test_cloudfront_geo_restriction() -> None:
    whitelist = {"restrictions": {"geoRestriction": {"restrictionType": "whitelist", "locations": ["FR"]}}}
    assert geo_restriction_problem(whitelist, EEA) is None
    whitelist["restrictions"]["geoRestriction"]["locations"] = ["FR", "US"]
    assert geo_restriction_problem(whitelist, EEA) is not None
    blacklist = {
        "restrictions": {
            "geoRestriction": {
                "restrictionType": "blacklist",
                "locations": sorted(model.iso_countries() - EEA),
            }
        }
    }
    assert geo_restriction_problem(blacklist, EEA) is None
    assert geo_restriction_problem({}, EEA) == "`restrictions.geoRestriction` does not restrict viewers"


# ------------------------------------------------------------------------------------------------------------
# The stack policy
# ------------------------------------------------------------------------------------------------------------


def acl_res(props: dict[str, Any] | None = None) -> Res:
    return Res(c.WAFV2_WEB_ACL, "acl", {"arn": ACL_ARN, "scope": "REGIONAL", **(props or BLOCK_DEFAULT)})


def alb(**props: Any) -> Res:
    return Res(
        c.LB_LOAD_BALANCER,
        "alb",
        {
            "arn": "arn:aws:elasticloadbalancing:eu-west-3:1:loadbalancer/app/a/1",
            "internal": False,
            "loadBalancerType": "application",
            **props,
        },
    )


def assoc(target: Res, acl_arn: Any = ACL_ARN, deps: dict[str, list[str]] | None = None) -> Res:
    return Res(
        c.WAFV2_WEB_ACL_ASSOCIATION,
        f"assoc-{target.name}",
        {"resourceArn": target.props.get("arn"), "webAclArn": acl_arn},
        property_dependencies=deps or {},
    )


def test_internet_facing_alb_without_waf(pack: Pack) -> None:
    lb = alb()
    d = single(pack.analyze_stack([lb]))
    assert (d.policy, d.level, d.urn) == ("exposure-geo-restriction", "mandatory", lb.urn)
    assert d.message == (
        "This internet-facing application load balancer has no WAFv2 web ACL association, "
        "so requests from any country reach it. Associate a web ACL that blocks countries "
        "outside the supported ones."
    )


def test_internal_alb_needs_no_waf(pack: Pack) -> None:
    assert pack.analyze_stack([alb(internal=True)]) == []


def test_alb_with_geo_blocking_acl_passes(pack: Pack) -> None:
    lb = alb()
    assert pack.analyze_stack([acl_res(), lb, assoc(lb)]) == []


def test_alb_with_open_acl_fails(pack: Pack) -> None:
    lb = alb()
    open_acl = acl_res({"defaultAction": {"allow": {}}, "rules": []})
    d = single(pack.analyze_stack([open_acl, lb, assoc(lb)]))
    assert d.message == (
        "Web ACL 'acl' of this application load balancer does not block every country outside the supported "
        "ones: requests from US, CN, RU and 216 other unsupported countries reach it: no rule blocks them and "
        "the default action is ALLOW. Use default action BLOCK with ALLOW rules that geo-match supported "
        "countries only."
    )


def test_association_resolved_through_dependencies_at_preview(pack: Pack) -> None:
    lb = alb(arn=UNKNOWN)
    acl = acl_res()
    association = assoc(lb, acl_arn=UNKNOWN, deps={"resourceArn": [lb.urn], "webAclArn": [acl.urn]})
    assert pack.analyze_stack([acl, lb, association]) == []


def test_association_to_unknown_acl_outside_stack_is_undetermined(pack: Pack) -> None:
    lb = alb()
    d = single(pack.analyze_stack([lb, assoc(lb, acl_arn=UNKNOWN)]))
    assert (d.policy, d.level) == ("exposure-geo-restriction", "mandatory")
    assert d.message.startswith(
        "Undetermined: The web ACL of this application load balancer is unknown at preview"
    )


def test_acl_outside_stack_fails(pack: Pack) -> None:
    lb = alb()
    d = single(
        pack.analyze_stack([lb, assoc(lb, acl_arn="arn:aws:wafv2:eu-west-3:1:regional/webacl/other/2")])
    )
    assert d.message.startswith(
        "The web ACL of this application load balancer is not a web ACL of this stack"
    )


@pytest.mark.parametrize("private", ["PRIVATE", ["PRIVATE"]], ids=["pulumi-aws-7-string", "list"])
def test_rest_stage_of_private_api_needs_no_waf(pack: Pack, private: object) -> None:
    api = Res(
        c.APIGW_REST_API,
        "api",
        {
            "arn": "arn:aws:apigateway:eu-west-3::/restapis/abc",
            "endpointConfiguration": {"types": private},
        },
    )
    stage = Res(
        c.APIGW_STAGE,
        "stage",
        {"restApi": "abc", "arn": "arn:aws:apigateway:eu-west-3::/restapis/abc/stages/p"},
    )
    assert pack.analyze_stack([api, stage]) == []
    public = Res(
        c.APIGW_REST_API,
        "api",
        {
            "arn": "arn:aws:apigateway:eu-west-3::/restapis/abc",
            "endpointConfiguration": {"types": "REGIONAL"},
        },
    )
    d = single(pack.analyze_stack([public, stage]))
    assert d.message.startswith(
        "This internet-facing API Gateway REST stage has no WAFv2 web ACL association"
    )


def test_appsync_api(pack: Pack) -> None:
    api = Res(
        c.APPSYNC_GRAPHQL_API, "g", {"arn": "arn:aws:appsync:eu-west-3:1:apis/g", "visibility": "GLOBAL"}
    )
    assert single(pack.analyze_stack([api])).policy == "exposure-geo-restriction"
    assert pack.analyze_stack([acl_res(), api, assoc(api)]) == []
    private = Res(c.APPSYNC_GRAPHQL_API, "g", {"visibility": "PRIVATE"})
    assert pack.analyze_stack([private]) == []


def test_cloudfront_without_restriction(pack: Pack) -> None:
    dist = Res(
        c.CLOUDFRONT_DISTRIBUTION,
        "cdn",
        baseline(
            c.CLOUDFRONT_DISTRIBUTION,
            restrictions={"geoRestriction": {"restrictionType": "none", "locations": []}},
        ),
    )
    d = single(pack.analyze_stack([dist]))
    assert (d.policy, d.urn) == ("exposure-geo-restriction", dist.urn)
    assert d.message == (
        "This CloudFront distribution serves every country: `restrictions.geoRestriction` does not restrict "
        "viewers and it has no web ACL. Whitelist supported countries only, or attach a blocking web ACL."
    )


def test_cloudfront_with_web_acl(pack: Pack) -> None:
    global_acl = Res(
        c.WAFV2_WEB_ACL,
        "cf-acl",
        {"arn": "arn:aws:wafv2:us-east-1:1:global/webacl/cf/1", "scope": "CLOUDFRONT", **BLOCK_DEFAULT},
    )
    props = baseline(c.CLOUDFRONT_DISTRIBUTION, restrictions={}, webAclId=global_acl.props["arn"])
    assert pack.analyze_stack([global_acl, Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", props)]) == []


def test_cloudfront_whitelist_with_unsupported_country(pack: Pack) -> None:
    props = baseline(
        c.CLOUDFRONT_DISTRIBUTION,
        restrictions={"geoRestriction": {"restrictionType": "whitelist", "locations": ["FR", "CH"]}},
    )
    d = single(pack.analyze_stack([Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", props)]))
    assert "whitelists countries outside the supported ones" in d.message




# ------------------------------------------------------------------------------------------------------------
# Associations: what their resourceArn resolves to
# ------------------------------------------------------------------------------------------------------------

API_ARN = "arn:aws:apigateway:eu-west-3::/restapis/abc123"
STAGE_ARN = "arn:aws:apigateway:eu-west-3::/restapis/abc123/stages/prod"


def rest_api(**props: Any) -> Res:
    return Res(c.APIGW_REST_API, "api", {"endpointConfiguration": {"types": "REGIONAL"}, **props})


def stage(name: str = "stage", stage_name: str = "prod", **props: Any) -> Res:
    return Res(c.APIGW_STAGE, name, {"restApi": "abc123", "stageName": stage_name, **props})


def test_association_written_with_the_real_stage_arn_format_protects_the_stage(pack: Pack) -> None:
    # The stage's own ARN (as the offline stand-in invents it) differs: the association names it as AWS does.
    api = rest_api(id="abc123")
    prod = stage(arn="arn:aws:apigateway:eu-west-3:123456789012:stage/stage-1")
    association = Res(c.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": STAGE_ARN, "webAclArn": ACL_ARN})
    assert pack.analyze_stack([acl_res(), api, prod, association]) == []


def test_real_stage_arn_format_matches_through_the_api_arn(pack: Pack) -> None:
    api = rest_api(arn=API_ARN)
    prod = Res(c.APIGW_STAGE, "stage", {"restApi": UNKNOWN, "stageName": "prod"},
               property_dependencies={"restApi": [api.urn]})
    association = Res(c.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": STAGE_ARN, "webAclArn": ACL_ARN})
    assert pack.analyze_stack([acl_res(), api, prod, association]) == []
    unprotected = Res(c.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": STAGE_ARN.replace("abc123", "zzz"),
                                                          "webAclArn": ACL_ARN})
    assert single(pack.analyze_stack([acl_res(), api, prod, unprotected])).urn == prod.urn


def test_stage_arn_of_another_stage_does_not_protect_this_one(pack: Pack) -> None:
    prod = stage()
    other = Res(c.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": STAGE_ARN.replace("prod", "test"),
                                                    "webAclArn": ACL_ARN})
    d = single(pack.analyze_stack([acl_res(), rest_api(id="abc123"), prod, other]))
    assert (d.policy, d.urn, d.message) == ("exposure-geo-restriction", prod.urn,
                                            NO_WAF.format("API Gateway REST stage"))


def test_known_resource_arn_protects_only_the_endpoint_it_names(pack: Pack) -> None:
    # Output.all(a.arn, b.arn).apply(lambda x: x[0]): the value is a's ARN although it depends on both.
    first, second = alb(), Res(c.LB_LOAD_BALANCER, "second", {**alb().props, "arn": "arn:aws:elasticloadbalancing:"
                                                              "eu-west-3:1:loadbalancer/app/b/2"})
    association = Res(c.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": first.props["arn"], "webAclArn": ACL_ARN},
                      property_dependencies={"resourceArn": [first.urn, second.urn], "webAclArn": []})
    d = single(pack.analyze_stack([acl_res(), first, second, association]))
    assert (d.urn, d.level, d.message) == (second.urn, "mandatory", NO_WAF.format("application load balancer"))


def test_unknown_resource_arn_depending_on_two_endpoints_protects_neither(pack: Pack) -> None:
    first, second = alb(arn=UNKNOWN), Res(c.LB_LOAD_BALANCER, "second", {**alb().props, "arn": UNKNOWN})
    association = Res(c.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": UNKNOWN, "webAclArn": ACL_ARN},
                      property_dependencies={"resourceArn": [first.urn, second.urn]})
    diags = pack.analyze_stack([acl_res(), first, second, association])
    assert sorted(d.urn for d in diags) == sorted([first.urn, second.urn])
    for d in diags:
        assert (d.policy, d.level) == ("exposure-geo-restriction", "mandatory")
        assert d.message == (
            "Undetermined: WAFv2 association 'waf' may protect this application load balancer or another "
            "endpoint: its `resourceArn` is not known and derives from several endpoints, so the one it protects "
            "cannot be told."
        )


def test_standalone_rule_that_allows_everything_opens_the_acl(pack: Pack) -> None:
    lb = alb()
    opener = Res(c.WAFV2_WEB_ACL_RULE, "health", {
        "webAclArn": ACL_ARN, "priority": 0, "action": {"allow": {}},
        "statement": {"byteMatchStatement": {"searchString": "/health"}},
    })
    d = single(pack.analyze_stack([acl_res(), lb, assoc(lb), opener]))
    assert d.message == (
        "Web ACL 'acl' of this application load balancer does not block every country outside the supported "
        "ones: requests from US, CN, RU and 216 other unsupported countries reach it: standalone rule 'health' "
        "(priority 0) allows them. Use default action BLOCK with ALLOW rules that geo-match supported countries "
        "only."
    )


def test_rule_group_association_with_a_managed_group_keeps_the_acl_closed(pack: Pack) -> None:
    lb = alb()
    common = Res(c.WAFV2_RULE_GROUP_ASSOCIATION, "common", {
        "webAclArn": ACL_ARN, "priority": 0, "ruleName": "common", "overrideAction": "none",
        "managedRuleGroup": {"vendorName": "AWS", "name": "AWSManagedRulesCommonRuleSet"},
    })
    assert pack.analyze_stack([acl_res(), lb, assoc(lb), common]) == []


def test_rule_group_association_with_a_group_of_the_stack_is_evaluated(pack: Pack) -> None:
    lb = alb()
    group = Res(c.WAFV2_RULE_GROUP, "partners", {
        "arn": "arn:aws:wafv2:eu-west-3:1:regional/rulegroup/partners/1",
        "rules": [rule(0, "allow", geo("US"))],
    })
    association = Res(c.WAFV2_RULE_GROUP_ASSOCIATION, "partners-assoc", {
        "webAclArn": UNKNOWN, "priority": 0, "ruleName": "partners", "overrideAction": "none",
        "ruleGroupReference": {"arn": UNKNOWN},
    }, property_dependencies={"webAclArn": [acl_res().urn], "ruleGroupReference": [group.urn]})
    d = single(pack.analyze_stack([acl_res(), lb, assoc(lb), group, association]))
    assert d.message.endswith(
        "requests from US reach it: rule #0 (priority 0) of rule group 'partners' in rule group association "
        "'partners-assoc' (priority 0) allows them. Use default action BLOCK with ALLOW rules that geo-match "
        "supported countries only."
    )


def test_standalone_rule_whose_acl_is_unknown_makes_every_acl_undetermined(pack: Pack) -> None:
    lb = alb()
    floating = Res(c.WAFV2_WEB_ACL_RULE, "floating", {
        "webAclArn": UNKNOWN, "priority": 0, "action": {"allow": {}}, "statement": geo("US"),
    })
    d = single(pack.analyze_stack([acl_res(), lb, assoc(lb), floating]))
    assert d.message.startswith(
        "Undetermined: Web ACL 'acl' of this application load balancer may not block every country outside the "
        "supported ones: whether requests from"
    )
    assert "standalone rule 'floating', whose web ACL is unknown at preview and may be this one" in d.message


def test_forwarded_ip_geo_match_is_not_a_restriction(pack: Pack) -> None:
    lb = alb()
    forged = acl_res({"defaultAction": {"block": {}}, "rules": [rule(1, "allow", {"geoMatchStatement": {
        "countryCodes": ["FR"], "forwardedIpConfig": {"headerName": "X-Forwarded-For", "fallbackBehavior": "NO_MATCH"},
    }})]})
    d = single(pack.analyze_stack([forged, lb, assoc(lb)]))
    assert "rule #0 (priority 1) allows them with a forged forwarded-IP header" in d.message


# ------------------------------------------------------------------------------------------------------------
# Endpoint kinds AWS WAF can protect: one compliant baseline and one violation each
# ------------------------------------------------------------------------------------------------------------

POOL_ARN = "arn:aws:cognito-idp:eu-west-3:1:userpool/eu-west-3_abc"


def _kind(type_token: str, props: dict[str, Any], name: str = "endpoint") -> Res:
    return Res(type_token, name, props)


WAF_KINDS: list[tuple[str, str, dict[str, Any]]] = [
    ("AppSync Event API", c.APPSYNC_EVENT_API, {"arn": "arn:aws:appsync:eu-west-3:1:apis/events", "name": "ev"}),
    ("App Runner service", c.APPRUNNER_SERVICE, {"arn": "arn:aws:apprunner:eu-west-3:1:service/s/1"}),
    ("Amplify app", c.AMPLIFY_APP, {"arn": "arn:aws:amplify:eu-west-3:1:apps/app1", "name": "site"}),
    ("AppSync GraphQL API", c.APPSYNC_GRAPHQL_API, {"arn": "arn:aws:appsync:eu-west-3:1:apis/g"}),
]


@pytest.mark.parametrize(("label", "type_token", "props"), WAF_KINDS, ids=[k[0] for k in WAF_KINDS])
def test_waf_protectable_kinds(pack: Pack, label: str, type_token: str, props: dict[str, Any]) -> None:
    endpoint = _kind(type_token, props)
    d = single(pack.analyze_stack([endpoint]))
    assert (d.policy, d.level, d.urn, d.message) == ("exposure-geo-restriction", "mandatory", endpoint.urn,
                                                     NO_WAF.format(label))
    assert pack.analyze_stack([acl_res(), endpoint, assoc(endpoint)]) == []


def test_private_app_runner_service_needs_no_waf(pack: Pack) -> None:
    private = {"ingressConfiguration": {"isPubliclyAccessible": False}}
    assert pack.analyze_stack([_kind(c.APPRUNNER_SERVICE, {"networkConfiguration": private})]) == []


def test_cognito_hosted_ui_domain_is_protected_through_its_user_pool(pack: Pack) -> None:
    pool = Res(c.COGNITO_USER_POOL, "users", {"arn": POOL_ARN, "name": "users"})
    domain = Res(c.COGNITO_USER_POOL_DOMAIN, "login", {"domain": "acme-login", "userPoolId": UNKNOWN},
                 property_dependencies={"userPoolId": [pool.urn]})
    d = single(pack.analyze_stack([pool, domain]))
    assert (d.urn, d.message) == (domain.urn, NO_WAF.format("Cognito hosted UI domain"))
    assert pack.analyze_stack([acl_res(), pool, domain, assoc(pool)]) == []
    orphan = Res(c.COGNITO_USER_POOL_DOMAIN, "login", {"domain": "acme-login", "userPoolId": "eu-west-3_zzz"})
    d = single(pack.analyze_stack([orphan]))
    assert d.message == ("Undetermined: The user pool of this Cognito hosted UI domain is not in this stack, so the "
                         "web ACL that protects it cannot be checked.")


def test_rest_api_imported_from_a_body_as_private_needs_no_waf(pack: Pack) -> None:
    api = Res(c.APIGW_REST_API, "api", {"id": "abc123", "body": "{}",
                                        "parameters": {"endpointConfigurationTypes": "PRIVATE"}})
    assert pack.analyze_stack([api, stage()]) == []


# ------------------------------------------------------------------------------------------------------------
# CloudFront: distributions, multi-tenant distributions and tenants
# ------------------------------------------------------------------------------------------------------------

GLOBAL_ACL = "arn:aws:wafv2:us-east-1:1:global/webacl/cf/1"


def test_disabled_distribution_serves_nobody(pack: Pack) -> None:
    props = baseline(c.CLOUDFRONT_DISTRIBUTION, enabled=False, restrictions={})
    assert pack.analyze_stack([Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", props)]) == []


def test_multitenant_distribution_lists_countries_in_items(pack: Pack) -> None:
    allowed = {"geoRestriction": {"restrictionType": "whitelist", "items": ["FR", "DE"]}}
    dist = Res(c.CLOUDFRONT_MULTITENANT_DISTRIBUTION, "saas", {"enabled": True, "restrictions": allowed})
    assert pack.analyze_stack([dist]) == []
    open_dist = Res(c.CLOUDFRONT_MULTITENANT_DISTRIBUTION, "saas", {"enabled": True, "restrictions": {}})
    d = single(pack.analyze_stack([open_dist]))
    assert d.message == (
        "This CloudFront multi-tenant distribution serves every country: `restrictions.geoRestriction` does not "
        "restrict viewers and it has no web ACL. Whitelist supported countries only, or attach a blocking web ACL."
    )


def test_tenant_that_disables_the_web_acl_serves_every_country(pack: Pack) -> None:
    acl = Res(c.WAFV2_WEB_ACL, "cf-acl", {"arn": GLOBAL_ACL, "scope": "CLOUDFRONT", **BLOCK_DEFAULT})
    dist = Res(c.CLOUDFRONT_MULTITENANT_DISTRIBUTION, "saas", {"enabled": True, "webAclId": GLOBAL_ACL})
    inherits = Res(c.CLOUDFRONT_DISTRIBUTION_TENANT, "acme", {"distributionId": UNKNOWN, "enabled": True},
                   property_dependencies={"distributionId": [dist.urn]})
    assert pack.analyze_stack([acl, dist, inherits]) == []
    disables = Res(c.CLOUDFRONT_DISTRIBUTION_TENANT, "leak", {
        "distributionId": UNKNOWN, "enabled": True, "customizations": {"webAcl": {"action": "disable"}},
    }, property_dependencies={"distributionId": [dist.urn]})
    d = single(pack.analyze_stack([acl, dist, disables]))
    assert (d.urn, d.message) == (disables.urn, (
        "This CloudFront distribution tenant serves every country: `restrictions.geoRestriction` does not "
        "restrict viewers and it has no web ACL. Whitelist supported countries only, or attach a blocking web ACL."
    ))
    geo_tenant = Res(c.CLOUDFRONT_DISTRIBUTION_TENANT, "fr", {
        "distributionId": UNKNOWN, "enabled": True,
        "customizations": {"webAcl": {"action": "disable"},
                           "geoRestriction": {"restrictionType": "whitelist", "locations": ["FR"]}},
    }, property_dependencies={"distributionId": [dist.urn]})
    assert pack.analyze_stack([acl, dist, geo_tenant]) == []
