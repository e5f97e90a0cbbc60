"""Effective WAF evaluation (policies/_waf.py), checked as a truth table against a small independent evaluator.

For each web ACL fixture and every ISO country, with and without a forged forwarded-IP header, the test
evaluates concrete requests the way AWS documents it (rules in priority order, first terminating action wins,
a forwarded-IP rule skipped when its header is missing, fallback for an invalid header, CAPTCHA passed by a
token holder, managed groups that only block attacks) and compares "some request from this country reaches the
endpoint" with the pack's answer.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from residency import catalog as c
from residency import model
from residency.policies._stack import StackIndex
from residency.policies._values import UNKNOWN, Subject
from residency.policies._waf import (
    INVALID,
    Request,
    acl_problem,
    camel_keys,
    country_classes,
    country_reach,
    effective_acl,
    judge,
    request_reach,
)

EEA = model.expand_countries(["EEA"])
COUNTRIES = sorted(model.iso_countries())
XFF = "X-Forwarded-For"


def geo(*codes: str, fallback: str | None = None, header: str = XFF) -> dict[str, Any]:
    statement: dict[str, Any] = {"countryCodes": list(codes)}
    if fallback is not None:
        statement["forwardedIpConfig"] = {"headerName": header, "fallbackBehavior": fallback}
    return {"geoMatchStatement": statement}


def content(text: str) -> dict[str, Any]:
    return {"byteMatchStatement": {"searchString": text, "positionalConstraint": "CONTAINS",
                                   "fieldToMatch": {"uriPath": {}}, "textTransformations": []}}


def rule(priority: int, action: str, statement: dict[str, Any], name: str = "") -> dict[str, Any]:
    return {"name": name or f"r{priority}", "priority": priority, "action": {action: {}}, "statement": statement}


def managed(priority: int, name: str = "AWSManagedRulesCommonRuleSet", **extra: Any) -> dict[str, Any]:
    return {"name": name, "priority": priority, "overrideAction": {"none": {}},
            "statement": {"managedRuleGroupStatement": {"vendorName": "AWS", "name": name, **extra}}}


def not_(statement: dict[str, Any]) -> dict[str, Any]:
    return {"notStatement": {"statement": statement}}


def and_(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"andStatement": {"statements": list(statements)}}


def or_(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"orStatement": {"statements": list(statements)}}


EEA_CODES = sorted(EEA)
OTHERS = sorted(model.iso_countries() - EEA)
GROUP_ARN = "arn:aws:wafv2:eu-west-3:123456789012:regional/rulegroup/g/1"
ACL_ARN = "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/acl/1"


@dataclass(frozen=True)
class Fixture:
    """A web ACL, the stack resources around it, and whether it keeps the unsupported countries out."""

    name: str
    acl: dict[str, Any]
    blocks: bool
    extra: tuple[Subject, ...] = ()
    groups: tuple[Subject, ...] = ()


def standalone(name: str, props: dict[str, Any]) -> Subject:
    return Subject(c.WAFV2_WEB_ACL_RULE, name, f"urn:{name}", {"webAclArn": ACL_ARN, **props})


def group_association(name: str, props: dict[str, Any]) -> Subject:
    return Subject(c.WAFV2_RULE_GROUP_ASSOCIATION, name, f"urn:{name}", {"webAclArn": ACL_ARN, **props})


RULE_GROUP = Subject(c.WAFV2_RULE_GROUP, "g", "urn:g", {
    "arn": GROUP_ARN,
    "rules": [rule(0, "block", content("attack")), rule(1, "allow", geo(*EEA_CODES))],
})
OPEN_GROUP = Subject(c.WAFV2_RULE_GROUP, "g", "urn:g", {
    "arn": GROUP_ARN, "rules": [rule(0, "allow", content("/public"))],
})

FIXTURES: tuple[Fixture, ...] = (
    Fixture("block-default-geo-allow", {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo(*EEA_CODES))]},
            True),
    Fixture("allow-default-not-geo-block",
            {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", not_(geo(*EEA_CODES)))]}, True),
    Fixture("allow-default-block-others", {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", geo(*OTHERS))]},
            True),
    Fixture("allow-default-open", {"defaultAction": {"allow": {}}, "rules": []}, False),
    Fixture("geo-allow-with-us", {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo("FR", "US"))]}, False),
    Fixture("forwarded-geo-allow-no-match",
            {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo(*EEA_CODES, fallback="NO_MATCH"))]},
            False),
    Fixture("forwarded-geo-allow-match",
            {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo(*EEA_CODES, fallback="MATCH"))]}, False),
    Fixture("forwarded-not-geo-block",
            {"defaultAction": {"allow": {}},
             "rules": [rule(1, "block", not_(geo(*EEA_CODES, fallback="MATCH")))]}, False),
    Fixture("real-and-forwarded-geo",
            {"defaultAction": {"block": {}},
             "rules": [rule(1, "allow", and_(geo(*EEA_CODES), geo(*EEA_CODES, fallback="NO_MATCH")))]}, True),
    Fixture("geo-and-content",
            {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", and_(geo("FR", "DE"), content("/api")))]},
            True),
    Fixture("geo-or-content",
            {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", or_(geo("FR"), content("/api")))]}, False),
    Fixture("open-allow-before-geo-block",
            {"defaultAction": {"allow": {}},
             "rules": [rule(5, "block", not_(geo("FR"))), rule(1, "allow", content("/health"))]}, False),
    Fixture("geo-block-before-open-allow",
            {"defaultAction": {"block": {}},
             "rules": [rule(1, "block", not_(geo(*EEA_CODES))), rule(2, "allow", content("/health"))]}, True),
    Fixture("rate-limit-scoped-to-foreigners",
            {"defaultAction": {"allow": {}},
             "rules": [rule(1, "block", {"rateBasedStatement": {"limit": 100, "aggregateKeyType": "IP",
                                                                "scopeDownStatement": not_(geo(*EEA_CODES))}})]},
            False),
    Fixture("managed-common-rules-then-geo",
            {"defaultAction": {"block": {}}, "rules": [managed(0), rule(1, "allow", geo(*EEA_CODES))]}, True),
    Fixture("managed-common-rules-only",
            {"defaultAction": {"allow": {}}, "rules": [managed(0)]}, False),
    Fixture("captcha-everything-then-geo",
            {"defaultAction": {"block": {}}, "rules": [rule(0, "captcha", content("/")), rule(1, "allow", geo("FR"))]},
            True),
    Fixture("captcha-only", {"defaultAction": {"allow": {}}, "rules": [rule(0, "captcha", content("/"))]}, False),
    Fixture("count-rule", {"defaultAction": {"block": {}}, "rules": [rule(0, "count", content("/"))]}, True),
    Fixture("custom-group-in-stack",
            {"defaultAction": {"block": {}},
             "rules": [{"name": "g", "priority": 0, "overrideAction": {"none": {}},
                        "statement": {"ruleGroupReferenceStatement": {"arn": GROUP_ARN}}}]},
            True, groups=(RULE_GROUP,)),
    Fixture("custom-group-opening-everything",
            {"defaultAction": {"block": {}},
             "rules": [{"name": "g", "priority": 0, "overrideAction": {"none": {}},
                        "statement": {"ruleGroupReferenceStatement": {"arn": GROUP_ARN}}}]},
            False, groups=(OPEN_GROUP,)),
    Fixture("custom-group-counted",
            {"defaultAction": {"block": {}},
             "rules": [{"name": "g", "priority": 0, "overrideAction": {"count": {}},
                        "statement": {"ruleGroupReferenceStatement": {"arn": GROUP_ARN}}}]},
            True, groups=(OPEN_GROUP,)),
    Fixture("standalone-rule-opens-everything",
            {"defaultAction": {"block": {}}, "rules": [rule(5, "allow", geo(*EEA_CODES))]},
            False, extra=(standalone("open", {"priority": 1, "action": {"allow": {}}, "statement": content("/")}),)),
    Fixture("standalone-geo-block-first",
            {"defaultAction": {"allow": {}}, "rules": []},
            True, extra=(standalone("geo", {"priority": 0, "action": {"block": {}},
                                            "statement": not_(geo(*EEA_CODES))}),)),
    Fixture("group-association-allows-everything",
            {"defaultAction": {"block": {}}, "rules": [rule(5, "allow", geo(*EEA_CODES))]},
            False, extra=(group_association("assoc", {"priority": 1, "overrideAction": "none",
                                                      "ruleGroupReference": {"arn": GROUP_ARN}}),),
            groups=(OPEN_GROUP,)),
    Fixture("rule-json-forwarded",
            {"defaultAction": {"block": {}},
             "ruleJson": '[{"Name": "a", "Priority": 1, "Action": {"Allow": {}}, "Statement": {"GeoMatchStatement": '
                         '{"CountryCodes": ["FR"], "ForwardedIPConfig": {"HeaderName": "X-Forwarded-For", '
                         '"FallbackBehavior": "NO_MATCH"}}}}]'}, False),
    Fixture("rule-json-geo", {"defaultAction": {"block": {}},
                              "ruleJson": '[{"Name": "a", "Priority": 1, "Action": {"Allow": {}}, "Statement": '
                                          '{"GeoMatchStatement": {"CountryCodes": ["FR", "DE"]}}}]'}, True),
)


# ------------------------------------------------------------------------------------------------------------
# The independent evaluator: concrete requests, evaluated as AWS documents it
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Concrete:
    """A concrete request: source country, forwarded header (absent, invalid or a country) and URI path."""

    country: str
    forwarded: str | None
    path: str
    flood: bool


@functools.cache
def _codes(listed: tuple[str, ...]) -> frozenset[str]:
    return frozenset(x.strip().upper() for x in listed)


def _matches(statement: Mapping[str, Any], request: Concrete) -> bool:
    kind, body = next(iter(statement.items()))
    if kind == "geoMatchStatement":
        codes = _codes(tuple(body["countryCodes"]))
        if "forwardedIpConfig" in body:
            if request.forwarded == INVALID:
                return bool(body["forwardedIpConfig"]["fallbackBehavior"] == "MATCH")
            return request.forwarded in codes
        return request.country in codes
    if kind == "byteMatchStatement":
        return str(body["searchString"]) in request.path
    if kind == "rateBasedStatement":
        scope = body.get("scopeDownStatement")
        return request.flood and (scope is None or _matches(scope, request))
    if kind == "notStatement":
        return not _matches(body["statement"], request)
    if kind == "andStatement":
        return all(_matches(s, request) for s in body["statements"])
    if kind == "orStatement":
        return any(_matches(s, request) for s in body["statements"])
    raise AssertionError(kind)


def _reads_header(statement: Any) -> bool:
    if isinstance(statement, Mapping):
        return "forwardedIpConfig" in statement or any(_reads_header(v) for v in statement.values())
    if isinstance(statement, list):
        return any(_reads_header(v) for v in statement)
    return False


def _flatten(rules: Sequence[Mapping[str, Any]], groups: Mapping[str, Subject]) -> Iterator[tuple[str, Any]]:
    """(action, statement) in evaluation order; group rules in place of the group, COUNT overrides dropped."""
    for r in sorted(rules, key=lambda r: r["priority"]):
        statement = r.get("statement") or {}
        override = r.get("overrideAction")
        if "ruleGroupReferenceStatement" in statement or "managedRuleGroupStatement" in statement:
            counted = override == "count" or (isinstance(override, Mapping) and "count" in override)
            if counted:
                continue
            if "managedRuleGroupStatement" in statement:
                # An AWS managed group blocks attacks and never allows.
                yield "block", content("<script>")
                continue
            group = groups[statement["ruleGroupReferenceStatement"]["arn"]]
            yield from _flatten(group.props["rules"], groups)
        else:
            action = next(iter(r["action"]))
            yield action.lower(), statement


def concrete_reaches(fixture: Fixture, request: Concrete) -> bool:
    acl = fixture.acl
    rules = [camel_keys(r) for r in json.loads(acl["ruleJson"])] if "ruleJson" in acl else acl["rules"]
    rules = [*rules]
    for extra in fixture.extra:
        props = dict(extra.props)
        if extra.type == c.WAFV2_RULE_GROUP_ASSOCIATION:
            props = {"priority": props["priority"], "overrideAction": props["overrideAction"],
                     "statement": {"ruleGroupReferenceStatement": props["ruleGroupReference"]}}
        rules.append(props)
    groups = {g.props["arn"]: g for g in fixture.groups}
    for action, statement in _flatten(rules, groups):
        if _reads_header(statement) and request.forwarded is None:
            continue  # AWS does not apply a rule whose forwarded-IP header is missing
        if not _matches(statement, request):
            continue
        if action == "allow":
            return True
        if action == "block":
            return False
        # COUNT, and CAPTCHA/CHALLENGE for a client holding a token: evaluation goes on.
    return "allow" in {k.lower() for k in acl["defaultAction"]}


PATHS = ("/", "/api", "/health", "/public", "/<script>")


def _variants(country: str, forwarded: Sequence[str | None]) -> Iterator[Concrete]:
    for header, path, flood in itertools.product(forwarded, PATHS, (False, True)):
        yield Concrete(country, header, path, flood)


def _effective(fixture: Fixture) -> Any:
    acl = Subject(c.WAFV2_WEB_ACL, "acl", "urn:acl", {"arn": ACL_ARN, **fixture.acl})
    index = StackIndex([acl, *fixture.extra, *fixture.groups])
    return effective_acl(acl, index, fixture.extra)


HEADER_OPTIONS: tuple[str | None, ...] = (None, INVALID, "FR", "US", "CN")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_truth_table_per_country(fixture: Fixture) -> None:
    effective = _effective(fixture)
    classes = country_classes(effective)
    for country in COUNTRIES:
        expected = any(concrete_reaches(fixture, r) for r in _variants(country, HEADER_OPTIONS))
        assert country_reach(effective, country, classes).answer == ("yes" if expected else "no"), country


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
@pytest.mark.parametrize("header", HEADER_OPTIONS, ids=lambda h: f"forwarded-{h}")
def test_truth_table_with_and_without_a_forged_header(fixture: Fixture, header: str | None) -> None:
    effective = _effective(fixture)
    for country in ("FR", "DE", "NO", "US", "CN", "CH", "GB", "RU", "BR"):
        expected = any(concrete_reaches(fixture, r) for r in _variants(country, (header,)))
        forwarded = {} if header is None else {XFF.lower(): header}
        assert request_reach(effective, Request(country, forwarded)).answer == ("yes" if expected else "no")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_verdict_matches_the_truth_table(fixture: Fixture) -> None:
    leaks = any(concrete_reaches(fixture, r) for country in OTHERS for r in _variants(country, HEADER_OPTIONS))
    assert leaks == (not fixture.blocks)
    assert judge(_effective(fixture), EEA).status == ("blocks" if fixture.blocks else "leaks")


# ------------------------------------------------------------------------------------------------------------
# What the evaluation cannot know, and how it says so
# ------------------------------------------------------------------------------------------------------------


def test_forwarded_geo_never_restricts_and_says_how() -> None:
    allow = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo(*EEA_CODES, fallback="NO_MATCH"))]}
    assert acl_problem(allow, EEA) == (
        "requests from US, CN, RU and 216 other unsupported countries reach it: rule #0 (priority 1) allows them "
        "with a forged forwarded-IP header"
    )
    block = {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", not_(geo(*EEA_CODES, fallback="MATCH")))]}
    assert acl_problem(block, EEA) == (
        "requests from US, CN, RU and 216 other unsupported countries reach it: no rule blocks them and the "
        "default action is ALLOW (a rule that reads a forwarded-IP header does not apply to a request without it)"
    )


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ({"ipSetReferenceStatement": {"arn": "arn:aws:wafv2:eu-west-3:1:regional/ipset/x/1"}},
         "an IP set whose addresses cannot be placed in countries"),
        ({"labelMatchStatement": {"scope": "LABEL", "key": "awswaf:managed:x"}},
         "a label match (labels are added by other rules and rule groups)"),
        ({"asnMatchStatement": {"asnLists": [16509]}}, "an ASN match, whose networks cannot be placed in countries"),
        (UNKNOWN, "a statement unknown at preview"),
    ],
)
def test_unknown_allow_statements_are_undetermined(statement: Any, reason: str) -> None:
    acl = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", statement)]}
    assert acl_problem(acl, EEA) == (
        f"whether requests from US, CN, RU and 216 other unsupported countries are blocked depends on {reason} "
        "(rule #0 (priority 1))"
    )


def test_unknown_statements_in_block_rules_do_not_open_anything() -> None:
    ip_set = {"ipSetReferenceStatement": {"arn": "arn:aws:wafv2:eu-west-3:1:regional/ipset/x/1"}}
    acl = {"defaultAction": {"block": {}},
           "rules": [rule(0, "block", ip_set), rule(1, "allow", geo(*EEA_CODES))]}
    assert acl_problem(acl, EEA) is None


def test_ip_sets_of_private_addresses_admit_no_internet_client() -> None:
    ip_set = Subject(c.WAFV2_IP_SET, "office", "urn:ip", {"arn": "arn:ip", "addresses": ["10.0.0.0/8"]})
    acl = Subject(c.WAFV2_WEB_ACL, "acl", "urn:acl", {
        "defaultAction": {"block": {}},
        "rules": [rule(1, "allow", {"ipSetReferenceStatement": {"arn": "arn:ip"}})],
    })
    assert judge(effective_acl(acl, StackIndex([acl, ip_set])), EEA).status == "blocks"
    public = Subject(c.WAFV2_IP_SET, "office", "urn:ip", {"arn": "arn:ip", "addresses": ["8.8.8.0/24"]})
    assert judge(effective_acl(acl, StackIndex([acl, public])), EEA).status == "unknown"


def test_managed_groups_that_may_allow_are_undetermined() -> None:
    overridden = managed(0, ruleActionOverrides=[{"name": "SizeRestrictions_BODY", "actionToUse": {"allow": {}}}])
    acl = {"defaultAction": {"block": {}}, "rules": [overridden, rule(1, "allow", geo("FR"))]}
    assert acl_problem(acl, EEA) == (
        "whether requests from US, CN, RU and 216 other unsupported countries are blocked depends on the managed "
        "rule group of rule #0 (priority 0), whose rule action overrides may ALLOW (rule #0 (priority 0))"
    )
    vendor = {"name": "v", "priority": 0, "overrideAction": {"none": {}},
              "statement": {"managedRuleGroupStatement": {"vendorName": "F5", "name": "Bots"}}}
    assert "a managed group whose rules are not known here" in str(
        acl_problem({"defaultAction": {"block": {}}, "rules": [vendor]}, EEA))
    # A managed group scoped down to supported countries cannot let anyone else through.
    scoped = managed(0, scopeDownStatement=geo(*EEA_CODES),
                     ruleActionOverrides=[{"name": "x", "actionToUse": {"allow": {}}}])
    assert acl_problem({"defaultAction": {"block": {}}, "rules": [scoped]}, EEA) is None


def test_rule_group_outside_the_stack_is_undetermined() -> None:
    reference = {"name": "g", "priority": 0, "overrideAction": {"none": {}},
                 "statement": {"ruleGroupReferenceStatement": {"arn": "arn:other"}}}
    assert "the rule group of rule #0 (priority 0), whose rules are not in this stack" in str(
        acl_problem({"defaultAction": {"block": {}}, "rules": [reference]}, EEA))


@pytest.mark.parametrize(
    ("acl", "expected"),
    [
        ({"defaultAction": {"block": {}}, "rules": [{"priority": "x", "action": {"allow": {}}}]},
         "rule #0 has no numeric priority, so the evaluation order is unknown"),
        ({"defaultAction": {}, "rules": []}, "its default action is neither ALLOW nor BLOCK"),
    ],
)
def test_malformed_acls_leak(acl: dict[str, Any], expected: str) -> None:
    assert acl_problem(acl, EEA) == f"requests from US, CN, RU and 216 other unsupported countries reach it: {expected}"


@pytest.mark.parametrize(
    "acl",
    [
        {"defaultAction": UNKNOWN, "rules": []},
        {"defaultAction": {"block": {}}, "rules": UNKNOWN},
        {"defaultAction": {"block": {}}, "ruleJson": UNKNOWN},
        {"defaultAction": {"block": {}}, "ruleJson": "not json"},
        {"defaultAction": {"block": {}}, "rules": [{"priority": UNKNOWN, "action": {"allow": {}}}]},
        {"defaultAction": {"block": {}}, "rules": [{"priority": 1, "action": UNKNOWN, "statement": geo("US")}]},
    ],
)
def test_unknown_parts_make_the_verdict_undetermined(acl: dict[str, Any]) -> None:
    problem = acl_problem(acl, EEA)
    assert problem is not None
    assert problem.startswith("whether requests from"), problem


def test_odd_acls_never_crash() -> None:
    for acl in ({}, {"defaultAction": None}, {"defaultAction": {"block": {}}, "rules": "garbage"},
                {"defaultAction": {"block": {}}, "rules": [None, 1, "x", {"priority": 1}]},
                {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", {"andStatement": {}})]},
                {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", {"geoMatchStatement": {
                    "countryCodes": ["FR"], "forwardedIpConfig": {"headerName": 5}}})]}):
        acl_problem(acl, EEA)  # must not raise


def test_country_codes_are_read_case_and_blank_insensitively() -> None:
    acl = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo(" fr", "de "))]}
    assert acl_problem(acl, EEA) is None
