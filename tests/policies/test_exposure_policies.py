"""exposure-geo-restriction (stack) and exposure-unrestrictable-endpoint, plus the web ACL evaluation."""

from __future__ import annotations

from typing import Any

import pytest
from baselines import baseline
from policy_harness import UNKNOWN, Pack, Res, only, single

from residency import catalog as c
from residency import model
from residency.policies.exposure import acl_problem, geo_restriction_problem

EEA = model.expand_countries(["EEA"])
ACL_ARN = "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/acl/1"


def geo(*codes: str) -> dict[str, Any]:
    return {"geoMatchStatement": {"countryCodes": list(codes)}}


def rule(priority: int, action: str, statement: dict[str, Any]) -> dict[str, Any]:
    return {"name": f"r{priority}", "priority": priority, "action": {action: {}}, "statement": statement}


BLOCK_DEFAULT = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo("FR", "DE"))]}
ALLOW_DEFAULT = {
    "defaultAction": {"allow": {}},
    "rules": [rule(1, "block", {"notStatement": {"statement": geo("FR")}})],
}


# ------------------------------------------------------------------------------------------------------------
# Web ACL evaluation
# ------------------------------------------------------------------------------------------------------------


def test_block_default_with_geo_allow_passes() -> None:
    assert acl_problem(BLOCK_DEFAULT, EEA) is None


def test_allow_rule_matching_everything_reopens_the_endpoint() -> None:
    acl = {
        "defaultAction": {"block": {}},
        "rules": [
            rule(1, "allow", geo("FR")),
            rule(2, "allow", {"byteMatchStatement": {"searchString": "x"}}),
        ],
    }
    assert acl_problem(acl, EEA) == (
        "rule #1 (priority 2) lets requests through (allow) without a geo match "
        "limited to the supported countries"
    )


def test_allow_rule_with_unsupported_country() -> None:
    acl = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo("FR", "US"))]}
    assert acl_problem(acl, EEA) is not None


def test_and_statement_with_geo_match_restricts() -> None:
    statement = {"andStatement": {"statements": [geo("FR"), {"byteMatchStatement": {}}]}}
    assert acl_problem({"defaultAction": {"block": {}}, "rules": [rule(1, "allow", statement)]}, EEA) is None


def test_or_statement_needs_geo_on_every_branch() -> None:
    statement = {"orStatement": {"statements": [geo("FR"), {"byteMatchStatement": {}}]}}
    assert (
        acl_problem({"defaultAction": {"block": {}}, "rules": [rule(1, "allow", statement)]}, EEA) is not None
    )


def test_not_geo_allow_is_not_a_restriction() -> None:
    statement = {"notStatement": {"statement": geo("US")}}
    assert (
        acl_problem({"defaultAction": {"block": {}}, "rules": [rule(1, "allow", statement)]}, EEA) is not None
    )


def test_allow_default_with_not_geo_block_passes() -> None:
    assert acl_problem(ALLOW_DEFAULT, EEA) is None


def test_allow_default_with_block_of_every_other_country_passes() -> None:
    others = sorted(model.iso_countries() - EEA)
    acl = {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", geo(*others))]}
    assert acl_problem(acl, EEA) is None
    acl = {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", geo(*others[1:]))]}
    assert acl_problem(acl, EEA) is not None


def test_allow_default_with_earlier_open_allow_fails() -> None:
    acl = {
        "defaultAction": {"allow": {}},
        "rules": [
            rule(5, "block", {"notStatement": {"statement": geo("FR")}}),
            rule(1, "allow", {"ipSetReferenceStatement": {}}),
        ],
    }
    assert acl_problem(acl, EEA) == (
        "rule #1 (priority 1) lets requests through (allow) before any rule "
        "blocks the countries outside the supported ones"
    )


def test_allow_default_without_geo_block_fails() -> None:
    acl = {
        "defaultAction": {"allow": {}},
        "rules": [rule(1, "block", {"rateBasedStatement": {"limit": 100}})],
    }
    assert acl_problem(acl, EEA) == (
        "its default action is ALLOW and no rule blocks every country outside the supported ones"
    )


def test_count_rules_do_not_matter_and_captcha_must_be_geo_restricted() -> None:
    acl = {"defaultAction": {"block": {}}, "rules": [rule(1, "count", {"byteMatchStatement": {}})]}
    assert acl_problem(acl, EEA) is None
    acl = {"defaultAction": {"block": {}}, "rules": [rule(1, "captcha", {"byteMatchStatement": {}})]}
    assert acl_problem(acl, EEA) is not None


def test_rule_groups() -> None:
    managed = {
        "name": "m",
        "priority": 0,
        "overrideAction": {"none": {}},
        "statement": {
            "managedRuleGroupStatement": {"vendorName": "AWS", "name": "AWSManagedRulesCommonRuleSet"}
        },
    }
    assert acl_problem({**BLOCK_DEFAULT, "rules": [managed, *BLOCK_DEFAULT["rules"]]}, EEA) is None
    managed["statement"]["managedRuleGroupStatement"]["ruleActionOverrides"] = [
        {"name": "x", "actionToUse": {"allow": {}}}
    ]
    assert acl_problem({**BLOCK_DEFAULT, "rules": [managed]}, EEA) is not None
    custom = {
        "name": "g",
        "priority": 0,
        "overrideAction": {"none": {}},
        "statement": {"ruleGroupReferenceStatement": {"arn": "x"}},
    }
    assert acl_problem({**BLOCK_DEFAULT, "rules": [custom]}, EEA) is not None
    custom["overrideAction"] = {"count": {}}
    assert acl_problem({**BLOCK_DEFAULT, "rules": [custom]}, EEA) is None


def test_odd_acls_fail_without_crashing() -> None:
    for acl in (
        {},
        {"defaultAction": None},
        {"defaultAction": {"block": {}}, "rules": [{"priority": "x"}]},
        {"defaultAction": {"block": {}}, "rules": [{"priority": 1}]},
        {"ruleJson": "[]", "defaultAction": {}},
        {"defaultAction": {"block": {}}, "rules": "garbage"},
    ):
        assert isinstance(acl_problem(acl, EEA), str) or acl.get("rules") == "garbage"


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
        "Web ACL 'acl' of this application load balancer does not block every country "
        "outside the supported ones: its default action is ALLOW and no rule blocks every "
        "country outside the supported ones. Use default action BLOCK with ALLOW rules "
        "that geo-match supported countries only."
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
        "This CloudFront distribution serves every country: `restrictions.geoRestriction` "
        "does not restrict viewers and it has no `webAclId`. Whitelist supported "
        "countries only, or attach a blocking web ACL."
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
# exposure-unrestrictable-endpoint
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_token", "prop", "what"),
    [
        (c.LAMBDA_FUNCTION_URL, "authorizationType", "A Lambda function URL"),
        (c.APIGWV2_ROUTE, "authorizationType", "An API Gateway v2 (HTTP or WebSocket) route"),
    ],
)
@pytest.mark.parametrize("value", ["NONE", "JWT", "CUSTOM"])
def test_public_function_urls_and_http_routes(
    pack: Pack, type_token: str, prop: str, what: str, value: str
) -> None:
    d = single(pack.analyze(type_token, baseline(type_token, **{prop: value})))
    assert (d.policy, d.level) == ("exposure-unrestrictable-endpoint", "mandatory")
    assert d.message == (
        f"{what} cannot be geo-restricted by a web ACL, so `authorizationType` must be "
        "'AWS_IAM' (callers limited to IAM principals); anything else admits any country."
    )


def test_unknown_authorization_type_is_undetermined(pack: Pack) -> None:
    d = single(
        pack.analyze(c.LAMBDA_FUNCTION_URL, baseline(c.LAMBDA_FUNCTION_URL, authorizationType=UNKNOWN))
    )
    assert d.message.startswith("Undetermined: `authorizationType` is unknown at preview")


def test_quick_create_http_api(pack: Pack) -> None:
    d = single(
        pack.analyze(c.APIGWV2_API, baseline(c.APIGWV2_API, target="arn:aws:lambda:eu-west-3:1:function:f"))
    )
    assert d.policy == "exposure-unrestrictable-endpoint"
    assert d.message.startswith(
        "`target` (quick create) gives this HTTP API an unauthenticated default route"
    )


def test_internet_facing_network_and_classic_load_balancers(pack: Pack) -> None:
    d = single(pack.analyze(c.LB_LOAD_BALANCER, {"loadBalancerType": "network", "internal": False}))
    assert d.message.startswith("This network load balancer is internet-facing")
    d = single(pack.analyze(c.ELB_LOAD_BALANCER, {}))
    assert d.message.startswith("This classic load balancer is internet-facing")


def test_public_transfer_server_and_global_accelerator(pack: Pack) -> None:
    d = single(pack.analyze(c.TRANSFER_SERVER, {}))
    assert d.message.startswith("`endpointType` is PUBLIC (the default)")
    d = single(pack.analyze(c.GLOBALACCELERATOR_ACCELERATOR, {"name": "ga"}))
    assert d.message.startswith("Global Accelerator accepts traffic at edge locations worldwide")


def test_resource_policies_do_not_judge_stack_relations(pack: Pack) -> None:
    # The association is a separate resource: the resource policy must not flag the ALB itself.
    assert (
        only(pack.analyze(c.LB_LOAD_BALANCER, baseline(c.LB_LOAD_BALANCER)), "exposure-geo-restriction") == []
    )
