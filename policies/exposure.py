"""Exposure: internet-facing endpoints must only answer requests from the supported countries.

``exposure-geo-restriction`` (stack)
    Every internet-facing endpoint that WAFv2 can protect (REST API stages of non-private APIs,
    internet-facing application load balancers, public AppSync GraphQL APIs) must be associated
    (``aws:wafv2/webAclAssociation``) with a web ACL that blocks every country outside the supported ones; a
    CloudFront distribution must have a ``restrictions.geoRestriction`` whitelist of supported countries only
    (or a blacklist of every other country) or a ``webAclId`` naming such a web ACL of this stack.
    Associations are separate resources, so this is a stack policy.

    A web ACL *blocks every other country* when, evaluated in priority order:

    * its default action is BLOCK and every rule that can let a request through (ALLOW, CAPTCHA, CHALLENGE,
      a rule group whose rules are not all overridden to COUNT) implies a geo match within the supported
      countries (a geo match, or an AND containing one; an OR only if every branch implies one); or
    * its default action is ALLOW and a BLOCK rule matching every request from outside the supported countries
      (``NOT geo-match(S)`` with S a subset of the supported countries, or a geo match of every other country)
      comes before any rule that can let an unrestricted request through.

    Rules given only as ``ruleJson`` cannot be evaluated and fail. AWS-managed rule groups only block or count
    unless a rule action override says ALLOW.
``exposure-unrestrictable-endpoint`` (resource)
    Endpoints that no web ACL can protect must not be public: Lambda function URLs must use ``AWS_IAM``
    (``NONE`` is public), API Gateway v2 routes (HTTP and WebSocket APIs, which WAFv2 cannot protect) must use
    ``AWS_IAM`` authorization and an API must not use quick-create (``target``: an unauthenticated default
    route), network and classic load balancers must be internal, Transfer Family servers must not use the
    ``PUBLIC`` endpoint, and Global Accelerator accelerators are refused. IAM authorization is the chosen rule
    because it limits callers to principals of the organisation's accounts (machine-to-machine); a JWT
    authorizer admits any holder of a token from anywhere, so it does not count as private.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog, model

from ._places import Ctx
from ._rule import Finding, Rule, Types, undetermined, violation
from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_list, as_mapping, is_true
from .stateless import endpoint_types

AREA = "exposure"

# ------------------------------------------------------------------------------------------------------------
# Web ACL evaluation (pure functions over plain web ACL properties)
# ------------------------------------------------------------------------------------------------------------

#: Actions after which a request may reach the endpoint.
_LETTING_THROUGH: Final = ("allow", "captcha", "challenge")


def _codes(statement: Mapping[str, Any]) -> frozenset[str] | None:
    codes = statement.get("countryCodes")
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        return None
    return frozenset(c.strip().upper() for c in codes)


def implied_countries(statement: Any) -> frozenset[str] | None:
    """The countries a statement restricts matching requests to, or ``None`` when it does not restrict."""
    statement = as_mapping(statement)
    if "geoMatchStatement" in statement:
        return _codes(as_mapping(statement["geoMatchStatement"]))
    if "andStatement" in statement:
        subs = as_list(as_mapping(statement["andStatement"]).get("statements"))
        parts = [implied_countries(s) for s in subs]
        known = [p for p in parts if p is not None]
        return frozenset.intersection(*known) if known else None
    if "orStatement" in statement:
        subs = as_list(as_mapping(statement["orStatement"]).get("statements"))
        parts = [implied_countries(s) for s in subs]
        if not parts or any(p is None for p in parts):
            return None
        return frozenset().union(*(p for p in parts if p is not None))
    return None


def blocks_outside(statement: Any, supported: frozenset[str]) -> bool:
    """Whether a statement matches every request from a country outside ``supported``."""
    statement = as_mapping(statement)
    if "notStatement" in statement:
        inner = as_mapping(as_mapping(statement["notStatement"]).get("statement"))
        codes = _codes(as_mapping(inner.get("geoMatchStatement"))) if "geoMatchStatement" in inner else None
        return codes is not None and codes <= supported
    if "geoMatchStatement" in statement:
        codes = _codes(as_mapping(statement["geoMatchStatement"]))
        return codes is not None and (model.iso_countries() - supported) <= codes
    if "orStatement" in statement:
        subs = as_list(as_mapping(statement["orStatement"]).get("statements"))
        return any(blocks_outside(s, supported) for s in subs)
    if "andStatement" in statement:
        subs = as_list(as_mapping(statement["andStatement"]).get("statements"))
        return bool(subs) and all(blocks_outside(s, supported) for s in subs)
    return False


def _action(rule: Mapping[str, Any]) -> str:
    """The rule's action: ``allow``, ``block``, ``count``, ``captcha``, ``challenge``, ``group`` or ``?``."""
    action = rule.get("action")
    if isinstance(action, Mapping):
        for name in ("allow", "block", "count", "captcha", "challenge"):
            if action.get(name) is not None:
                return name
    if rule.get("overrideAction") is not None:
        return "group"
    return "?"


def _group_lets_through(rule: Mapping[str, Any]) -> bool:
    """Whether a rule-group rule may let requests through (and must therefore be geo-restricted)."""
    override = as_mapping(rule.get("overrideAction"))
    if override.get("count") is not None:
        return False  # every rule of the group only counts
    statement = as_mapping(rule.get("statement"))
    managed = as_mapping(statement.get("managedRuleGroupStatement"))
    if managed and managed.get("vendorName") == "AWS":
        overrides = as_list(managed.get("ruleActionOverrides"))
        return any(as_mapping(as_mapping(o).get("actionToUse")).get("allow") is not None for o in overrides)
    return True  # a custom or third-party group may contain ALLOW rules


def _lets_through(rule: Mapping[str, Any], action: str) -> bool:
    return action in _LETTING_THROUGH or (action == "group" and _group_lets_through(rule))


def _rule_label(rule: Mapping[str, Any], position: int) -> str:
    # Rule names are user-chosen text that could be anything: name the rule by its position and priority.
    priority = rule.get("priority")
    shown = f"priority {int(priority)}" if isinstance(priority, int | float) else "no priority"
    return f"rule #{position} ({shown})"


def acl_problem(acl: Mapping[str, Any], supported: frozenset[str]) -> str | None:
    """Why a web ACL does not block every country outside ``supported`` (``None`` when it does)."""
    if acl.get("ruleJson") not in (None, ""):
        return "its rules are given as `ruleJson`, which this pack cannot evaluate"
    default = as_mapping(acl.get("defaultAction"))
    rules = [as_mapping(r) for r in as_list(acl.get("rules"))]
    if any(not isinstance(r.get("priority"), int | float) for r in rules):
        return "a rule has no numeric priority, so the evaluation order is unknown"
    ordered = sorted(enumerate(rules), key=lambda pair: float(pair[1]["priority"]))
    if default.get("block") is not None:
        for position, rule in ordered:
            action = _action(rule)
            if action == "?":
                return f"{_rule_label(rule, position)} has no recognisable action"
            if _lets_through(rule, action):
                countries = implied_countries(rule.get("statement"))
                if countries is None or not countries <= supported:
                    return (f"{_rule_label(rule, position)} lets requests through ({action}) without a geo "
                            "match limited to the supported countries")
        return None
    if default.get("allow") is not None:
        for position, rule in ordered:
            action = _action(rule)
            if action == "block" and blocks_outside(rule.get("statement"), supported):
                return None
            if action == "?" or _lets_through(rule, action):
                countries = implied_countries(rule.get("statement"))
                if countries is None or not countries <= supported:
                    return (f"{_rule_label(rule, position)} lets requests through ({action}) before any rule "
                            f"blocks the countries outside the supported ones")
        return "its default action is ALLOW and no rule blocks every country outside the supported ones"
    return "its default action is neither ALLOW nor BLOCK"


def geo_restriction_problem(distribution: Mapping[str, Any], supported: frozenset[str]) -> str | None:
    """Why a CloudFront ``restrictions.geoRestriction`` does not confine viewers (``None`` when it does)."""
    geo = as_mapping(as_mapping(distribution.get("restrictions")).get("geoRestriction"))
    kind = geo.get("restrictionType")
    locations = geo.get("locations")
    codes = (frozenset(c.strip().upper() for c in locations if isinstance(c, str))
             if isinstance(locations, list) else frozenset())
    if kind == "whitelist" and codes and codes <= supported:
        return None
    if kind == "blacklist" and (model.iso_countries() - supported) <= codes:
        return None
    if kind == "whitelist":
        return "`restrictions.geoRestriction` whitelists countries outside the supported ones (or none)"
    if kind == "blacklist":
        return "`restrictions.geoRestriction` blacklists only some of the unsupported countries"
    return "`restrictions.geoRestriction` does not restrict viewers"


# ------------------------------------------------------------------------------------------------------------
# exposure-geo-restriction (stack)
# ------------------------------------------------------------------------------------------------------------


def _stage_exposed(stage: Subject, index: StackIndex) -> bool:
    api = index.referenced(stage, "restApi", stage.props.get("restApi"))
    if api is None:
        api = index.rest_apis.get(str(stage.props.get("restApi")))
    if api is None:
        return True  # unknown API: assume internet-facing (fail closed)
    return bool(endpoint_types(api.props) != ["PRIVATE"])


def _alb_exposed(lb: Subject, _index: StackIndex) -> bool:
    kind = lb.props.get("loadBalancerType")
    return not is_true(lb.props.get("internal")) and kind in (None, "application", UNKNOWN)


def _appsync_exposed(api: Subject, _index: StackIndex) -> bool:
    return api.props.get("visibility") != "PRIVATE"


@dataclass(frozen=True)
class EndpointKind:
    """An endpoint kind that WAFv2 can protect, and how to tell that one is internet-facing."""

    label: str
    exposed: Callable[[Subject, StackIndex], bool]


#: The endpoint kinds the geo-restriction policy checks; CloudFront is handled separately.
WAF_ENDPOINTS: Final[Mapping[str, EndpointKind]] = {
    catalog.APIGW_STAGE: EndpointKind("API Gateway REST stage", _stage_exposed),
    catalog.LB_LOAD_BALANCER: EndpointKind("application load balancer", _alb_exposed),
    catalog.ALB_LOAD_BALANCER: EndpointKind("application load balancer", _alb_exposed),
    catalog.APPSYNC_GRAPHQL_API: EndpointKind("AppSync GraphQL API", _appsync_exposed),
}

GEO_RESTRICTION = "exposure-geo-restriction"


def _acl_findings(
    endpoint: Subject, acl_ref: Any, acl: Subject | None, ctx: Ctx, what: str
) -> Iterator[Finding]:
    if acl is None:
        if acl_ref is UNKNOWN:
            yield undetermined(f"The web ACL of this {what} is unknown at preview and not a web ACL of this "
                               f"stack, so its geo restriction cannot be checked.", endpoint.urn)
        else:
            yield violation(f"The web ACL of this {what} is not a web ACL of this stack, so it cannot be "
                            "shown to block countries outside the supported ones. Define the web ACL in "
                            "this stack.",
                            endpoint.urn)
        return
    problem = acl_problem(acl.props, ctx.countries)
    if problem:
        yield violation(f"Web ACL {acl.name!r} of this {what} does not block every country outside the "
                        f"supported ones: {problem}. Use default action BLOCK with ALLOW rules that "
                        "geo-match supported "
                        f"countries only.", endpoint.urn)


def geo_restriction_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Every internet-facing endpoint is confined to the supported countries."""
    for subject in index.subjects:
        if subject.type == catalog.CLOUDFRONT_DISTRIBUTION:
            yield from _cloudfront_findings(subject, index, ctx)
            continue
        kind = WAF_ENDPOINTS.get(subject.type)
        if kind is None or not kind.exposed(subject, index):
            continue
        associations = index.associations(subject)
        if not associations:
            yield violation(f"This internet-facing {kind.label} has no WAFv2 web ACL association, so "
                            "requests from any country reach it. Associate a web ACL that blocks countries "
                            "outside the "
                            f"supported ones.", subject.urn)
            continue
        for association in associations:
            ref = association.props.get("webAclArn")
            acl = index.referenced(association, "webAclArn", ref)
            yield from _acl_findings(subject, ref, acl, ctx, kind.label)


def _cloudfront_findings(distribution: Subject, index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    geo_problem = geo_restriction_problem(distribution.props, ctx.countries)
    if geo_problem is None:
        return
    ref = distribution.props.get("webAclId")
    if ref in (None, ""):
        yield violation(f"This CloudFront distribution serves every country: {geo_problem} and it has no "
                        f"`webAclId`. Whitelist supported countries only, or attach a blocking web ACL.",
                        distribution.urn)
        return
    acl = index.referenced(distribution, "webAclId", ref)
    yield from _acl_findings(distribution, ref, acl, ctx, "CloudFront distribution")



EXPOSURE_GEO_RESTRICTION_RULE = Rule(
    name=GEO_RESTRICTION,
    area=AREA,
    description="Internet-facing endpoints must be geo-restricted to the supported countries.",
    types=Types.of(*WAF_ENDPOINTS, catalog.CLOUDFRONT_DISTRIBUTION, catalog.WAFV2_WEB_ACL_ASSOCIATION,
                    catalog.WAFV2_WEB_ACL),
    scope="stack",
    check=geo_restriction_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Associate each REST API stage, internet-facing application load balancer and AppSync API with a "
        "WAFv2 web ACL whose default action is BLOCK and whose ALLOW rules geo-match supported countries "
        "only; give CloudFront distributions a geo-restriction whitelist of supported countries."
    ),
)
# ------------------------------------------------------------------------------------------------------------
# exposure-unrestrictable-endpoint (resource)
# ------------------------------------------------------------------------------------------------------------

UNRESTRICTABLE = "exposure-unrestrictable-endpoint"


def _must_equal(subject: Subject, prop: str, wanted: str, what: str) -> Iterator[Finding]:
    value = subject.props.get(prop)
    if value is UNKNOWN:
        yield undetermined(f"`{prop}` is unknown at preview; {what} cannot be geo-restricted, so it must be "
                           f"{wanted}.")
    elif value != wanted:
        yield violation(f"{what[0].upper()}{what[1:]} cannot be geo-restricted by a web ACL, so `{prop}` "
                        f"must be {wanted!r} (callers limited to IAM principals); anything else admits any "
                        "country.")


def _internal_lb(subject: Subject, what: str) -> Iterator[Finding]:
    internal = subject.props.get("internal")
    if internal is UNKNOWN:
        yield undetermined(f"`internal` is unknown at preview; an internet-facing {what} cannot be "
                           "geo-restricted.")
    elif not is_true(internal):
        yield violation(f"This {what} is internet-facing (`internal` is not true) and cannot be "
                        "geo-restricted by a web ACL. Make it internal, or use an application load "
                        "balancer with a web ACL.")


def unrestrictable_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Endpoints no web ACL can protect must be private or IAM-only."""
    props = subject.props
    if subject.type == catalog.LAMBDA_FUNCTION_URL:
        yield from _must_equal(subject, "authorizationType", "AWS_IAM", "a Lambda function URL")
    elif subject.type == catalog.APIGWV2_ROUTE:
        yield from _must_equal(subject, "authorizationType", "AWS_IAM", "an API Gateway v2 (HTTP or "
                                                                        "WebSocket) route")
    elif subject.type == catalog.APIGWV2_API and props.get("target") not in (None, ""):
        yield violation("`target` (quick create) gives this HTTP API an unauthenticated default route, and "
                        "HTTP APIs cannot be geo-restricted. Define routes with AWS_IAM authorization "
                        "instead.")
    elif subject.type in catalog.APPLICATION_LOAD_BALANCERS and props.get("loadBalancerType") in ("network",):
        yield from _internal_lb(subject, "network load balancer")
    elif subject.type == catalog.ELB_LOAD_BALANCER:
        yield from _internal_lb(subject, "classic load balancer")
    elif subject.type == catalog.TRANSFER_SERVER:
        endpoint_type = props.get("endpointType")
        if endpoint_type is UNKNOWN:
            yield undetermined("`endpointType` is unknown at preview; a PUBLIC Transfer Family endpoint "
                               "cannot be geo-restricted.")
        elif endpoint_type in (None, "PUBLIC"):
            yield violation("`endpointType` is PUBLIC (the default), which cannot be geo-restricted. Use a "
                            "VPC endpoint.")
    elif subject.type == catalog.GLOBALACCELERATOR_ACCELERATOR:
        yield violation("Global Accelerator accepts traffic at edge locations worldwide and cannot be "
                        "geo-restricted. Use a regional load balancer with a web ACL.")



EXPOSURE_UNRESTRICTABLE_ENDPOINT_RULE = Rule(
    name=UNRESTRICTABLE,
    area=AREA,
    description="Endpoints that cannot be geo-restricted must be private or limited to IAM-authorized "
                "callers.",
    types=Types.of(catalog.LAMBDA_FUNCTION_URL, catalog.APIGWV2_ROUTE, catalog.APIGWV2_API,
                    *sorted(catalog.APPLICATION_LOAD_BALANCERS), catalog.ELB_LOAD_BALANCER,
                    catalog.TRANSFER_SERVER,
                    catalog.GLOBALACCELERATOR_ACCELERATOR),
    scope="resource",
    check=unrestrictable_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Use AWS_IAM authorization on function URLs and API Gateway v2 routes, make network and classic "
        "load balancers internal, use VPC endpoints for Transfer Family, and serve public traffic through a "
        "REST API stage, application load balancer or CloudFront distribution with a geo-restricting web "
        "ACL."
    ),
)

RULES = (EXPOSURE_GEO_RESTRICTION_RULE, EXPOSURE_UNRESTRICTABLE_ENDPOINT_RULE)
