"""The geo-restricting WAFv2 web ACL that every internet-facing resident endpoint sits behind.

One builder for :class:`ResidentEndpoint` (REST API stages) and :class:`ResidentService` (application load
balancers): default action BLOCK; the AWS common rule set and a per-IP rate limit first; then ALLOW for the
supported countries only. Argument checks for the countries and the rate limit live here too, so both
components refuse the same values with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from residency import model

from ._common import refuse

#: WAF refuses a geo match statement with more than 50 country codes ("Member must have length less than or
#: equal to 50"); longer allowlists become an OR of several statements.
GEO_MATCH_MAX_CODES = 50

#: Requests one client IP may make in 5 minutes before WAF blocks it, unless a component is told otherwise.
DEFAULT_RATE_LIMIT = 1000


def check_countries(kind: str, name: str, specs: Sequence[str] | str | None) -> list[str]:
    """The supported countries, groups expanded and sorted (``EEA`` when ``specs`` is ``None``).

    A comma-separated string is accepted (``"FR, DE"``), as in stack configuration.
    """
    if specs is None:
        specs = model.DEFAULT_SUPPORTED_COUNTRIES
    if isinstance(specs, str):
        specs = [part for part in (p.strip() for p in specs.split(",")) if part]
    try:
        return sorted(model.expand_countries(specs))
    except model.ResidencyError as err:
        raise refuse(kind, name, "supported_countries", str(err)) from None


def check_rate_limit(kind: str, name: str, value: object) -> int:
    """A WAF rate-based limit: 10 to 2,000,000,000 requests per IP in 5 minutes."""
    if not isinstance(value, int) or isinstance(value, bool) or not 10 <= value <= 2_000_000_000:
        raise refuse(kind, name, "rate_limit", f"{value!r} is not between 10 and 2000000000 requests.")
    return value


def _metric(name: str, role: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", f"{name}-{role}")[:128]


def _visibility(name: str, role: str) -> aws.wafv2.WebAclVisibilityConfigArgs:
    # Sampled requests keep copies of request headers in WAF for hours: off, the endpoints are stateless.
    return aws.wafv2.WebAclVisibilityConfigArgs(
        cloudwatch_metrics_enabled=True, metric_name=_metric(name, role), sampled_requests_enabled=False
    )


def _rule_visibility(name: str, role: str) -> aws.wafv2.WebAclRuleVisibilityConfigArgs:
    return aws.wafv2.WebAclRuleVisibilityConfigArgs(
        cloudwatch_metrics_enabled=True, metric_name=_metric(name, role), sampled_requests_enabled=False
    )


def geo_statement(countries: Sequence[str]) -> aws.wafv2.WebAclRuleStatementArgs:
    """A statement matching requests from ``countries``: one geo match, or an OR of geo matches of at most
    :data:`GEO_MATCH_MAX_CODES` codes each."""
    codes = sorted(countries)
    chunks = [codes[i : i + GEO_MATCH_MAX_CODES] for i in range(0, len(codes), GEO_MATCH_MAX_CODES)]
    statements = [
        aws.wafv2.WebAclRuleStatementArgs(
            geo_match_statement=aws.wafv2.WebAclRuleStatementGeoMatchStatementArgs(country_codes=chunk)
        )
        for chunk in chunks
    ]
    if len(statements) == 1:
        return statements[0]
    return aws.wafv2.WebAclRuleStatementArgs(
        or_statement=aws.wafv2.WebAclRuleStatementOrStatementArgs(statements=statements)
    )


def web_acl_rules(name: str, countries: Sequence[str], rate_limit: int) -> list[aws.wafv2.WebAclRuleArgs]:
    """The web ACL's rules in evaluation order. The blocking rules come first: WAF stops at the first rule
    whose action is terminating, so an ALLOW evaluated earlier would let requests skip them."""
    # The generated empty args class has an unannotated __init__, hence the ignore.
    no_override = aws.wafv2.WebAclRuleOverrideActionNoneArgs()  # type: ignore[no-untyped-call]
    return [
        aws.wafv2.WebAclRuleArgs(
            name="aws-common-rule-set",
            priority=0,
            override_action=aws.wafv2.WebAclRuleOverrideActionArgs(none=no_override),
            statement=aws.wafv2.WebAclRuleStatementArgs(
                managed_rule_group_statement=aws.wafv2.WebAclRuleStatementManagedRuleGroupStatementArgs(
                    vendor_name="AWS", name="AWSManagedRulesCommonRuleSet"
                )
            ),
            visibility_config=_rule_visibility(name, "common-rule-set"),
        ),
        aws.wafv2.WebAclRuleArgs(
            name="rate-limit-per-ip",
            priority=1,
            action=aws.wafv2.WebAclRuleActionArgs(block=aws.wafv2.WebAclRuleActionBlockArgs()),
            statement=aws.wafv2.WebAclRuleStatementArgs(
                rate_based_statement=aws.wafv2.WebAclRuleStatementRateBasedStatementArgs(
                    limit=rate_limit, aggregate_key_type="IP", evaluation_window_sec=300
                )
            ),
            visibility_config=_rule_visibility(name, "rate-limit"),
        ),
        aws.wafv2.WebAclRuleArgs(
            name="allow-supported-countries",
            priority=2,
            action=aws.wafv2.WebAclRuleActionArgs(allow=aws.wafv2.WebAclRuleActionAllowArgs()),
            statement=geo_statement(countries),
            visibility_config=_rule_visibility(name, "supported-countries"),
        ),
    ]


def geo_web_acl(
    name: str,
    countries: Sequence[str],
    rate_limit: int,
    protected_arn: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.wafv2.WebAcl:
    """Create ``<name>-waf`` (a REGIONAL web ACL that blocks by default) and ``<name>-waf-association``, which
    attaches it to ``protected_arn`` (a REST API stage or an application load balancer)."""
    web_acl = aws.wafv2.WebAcl(
        f"{name}-waf",
        description=f"{name}: default block; common rules, rate limit, then supported countries",
        scope="REGIONAL",
        default_action=aws.wafv2.WebAclDefaultActionArgs(block=aws.wafv2.WebAclDefaultActionBlockArgs()),
        rules=web_acl_rules(name, countries, rate_limit),
        visibility_config=_visibility(name, "acl"),
        tags=tags,
        opts=opts,
    )
    aws.wafv2.WebAclAssociation(
        f"{name}-waf-association",
        resource_arn=protected_arn,
        web_acl_arn=web_acl.arn,
        opts=opts,
    )
    return web_acl
