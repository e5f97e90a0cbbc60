"""Effective WAF evaluation: a web ACL's rules as AWS evaluates them, and whether they keep countries out.

A web ACL's rules do not all live in the ``aws:wafv2/webAcl`` resource: standalone ``aws:wafv2/webAclRule``
resources and ``aws:wafv2/webAclRuleGroupAssociation`` resources add rules to it from outside, and rule groups
(``aws:wafv2/ruleGroup`` of this stack, or managed groups) contribute rules of their own. :func:`effective_acl`
collects all of them and sorts them by priority, as AWS does; :func:`judge` then decides whether every request
from a country outside the supported ones is blocked.

The evaluation is a game between a client and the unknown. For each country a client may be in (grouped into
classes that no geo statement tells apart) and each way it may set the forwarded-IP headers the ACL reads, the
rules are walked in priority order:

* a geo match on the client's IP is decided by its country;
* a geo match, IP set or ASN match on a *forwarded* IP reads a header the client sets: AWS takes the first
  address in the header, and if the header is missing it does not apply the rule at all (fallback MATCH or
  NO_MATCH only covers a header that is present but invalid). So the client chooses: no header (the rule is
  skipped), an invalid one (the fallback) or an address of any country. A forwarded-IP geo match therefore
  never restricts anything, whatever its fallback;
* statements on request content (byte, regex, size, SQL injection, XSS matches) and rate limits are chosen by
  the client too: it can send or avoid what they match;
* what no one here knows (IP sets whose addresses are not in the stack, ASN lists, labels, rule groups whose
  rules are not in the stack) is unknown: the verdict is *undetermined* if the outcome depends on it.

Actions: ALLOW lets a request through and BLOCK stops it (both end the evaluation); COUNT continues; CAPTCHA
and CHALLENGE act like COUNT for a client holding a valid token and block the others, so they never let a
request through by themselves (https://docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-actions.html).
A rule group's rules run in place of the group, a terminating action inside it ends the ACL's evaluation,
``overrideAction: count`` turns all of them into COUNT. AWS managed rule groups only BLOCK, COUNT, CAPTCHA or
CHALLENGE, so they can stop requests (which a client avoids by sending ordinary ones) but never let one
through, unless ``ruleActionOverrides`` says ALLOW; a group whose rules are unknown may ALLOW, so whatever it
might let through is undetermined.

A statement's value is four booleans: whether the client can force it true or false whatever the unknowns are,
and whether it may be true or false at all. Distinct content statements are treated as independent choices of
the client, which can only over-state what a client can do (never under-state it).
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from residency import catalog, model

from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_list, as_mapping

# ------------------------------------------------------------------------------------------------------------
# Statement values
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Val:
    """What a statement can be for one request: forced true, forced false, possibly true, possibly false.

    ``reason`` names the unknown the value depends on (for messages).
    """

    t: bool
    f: bool
    pt: bool
    pf: bool
    reason: str = ""


TRUE: Final = Val(True, False, True, False)
FALSE: Final = Val(False, True, False, True)
#: The client chooses (request content, rate, forwarded headers).
CHOSEN: Final = Val(True, True, True, True)


def unknown(reason: str) -> Val:
    """A value nobody here knows."""
    return Val(False, False, True, True, reason)


def _not(v: Val) -> Val:
    return Val(v.f, v.t, v.pf, v.pt, v.reason)


def _reason(values: Iterable[Val]) -> str:
    return next((v.reason for v in values if v.reason), "")


def _and(values: Sequence[Val]) -> Val:
    if not values:
        return unknown("an empty AND statement")
    return Val(all(v.t for v in values), any(v.f for v in values), all(v.pt for v in values),
               any(v.pf for v in values), _reason(values))


def _or(values: Sequence[Val]) -> Val:
    if not values:
        return unknown("an empty OR statement")
    return Val(any(v.t for v in values), all(v.f for v in values), any(v.pt for v in values),
               all(v.pf for v in values), _reason(values))


# ------------------------------------------------------------------------------------------------------------
# Requests
# ------------------------------------------------------------------------------------------------------------

#: A forwarded-IP header holding something that is not an IP address.
INVALID: Final = "invalid"
#: The key of a pseudo-statement the builder uses for what nobody here knows (its value is the reason).
UNKNOWN_STATEMENT: Final = "__unknown__"


@dataclass(frozen=True)
class Request:
    """A request: the country of its source IP and the forwarded-IP headers it carries.

    ``forwarded`` maps a header name (lower case) to the country of the first address in it, or
    :data:`INVALID`; a header that is not in the mapping is absent.
    """

    country: str
    forwarded: Mapping[str, str] = field(default_factory=dict)


#: Statements whose match the client decides by what it sends.
_CONTENT_STATEMENTS: Final = frozenset({
    "byteMatchStatement", "regexMatchStatement", "regexPatternSetReferenceStatement", "sizeConstraintStatement",
    "sqliMatchStatement", "xssMatchStatement",
})


def _codes(statement: Mapping[str, Any]) -> frozenset[str] | None:
    codes = statement.get("countryCodes")
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        return None
    return frozenset(c.strip().upper() for c in codes)


def _header(config: Any) -> str | None:
    name = as_mapping(config).get("headerName")
    return name.strip().lower() if isinstance(name, str) and name.strip() else None


def forwarded_headers(statement: Any) -> frozenset[str] | None:
    """The forwarded-IP headers a statement reads (``None`` when one is not a plain header name)."""
    found: set[str] = set()
    ok = True

    def walk(node: Any) -> None:
        nonlocal ok
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in ("forwardedIpConfig", "ipSetForwardedIpConfig") and value not in (None, {}):
                    name = _header(value)
                    if name is None:
                        ok = False
                    else:
                        found.add(name)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(statement)
    return frozenset(found) if ok else None


class IpSets:
    """What is known of the IP sets a web ACL refers to (by ARN or by the single IP set it depends on)."""

    def __init__(self, index: StackIndex | None = None, fallback: Subject | None = None) -> None:
        self.index = index
        self.fallback = fallback

    def addresses(self, arn: Any) -> list[str] | None:
        """The addresses of the IP set, or ``None`` when they are not known here."""
        found: Subject | None = None
        if self.index is not None and isinstance(arn, str):
            found = self.index.by_arn.get(arn)
        if found is None and arn is UNKNOWN:
            found = self.fallback
        if found is None or found.type != catalog.WAFV2_IP_SET:
            return None
        addresses = found.props.get("addresses")
        if not isinstance(addresses, list) or not all(isinstance(a, str) for a in addresses):
            return None
        return list(addresses)


def _unroutable(addresses: list[str]) -> bool:
    """Whether no client on the internet can have any of these addresses (private, loopback, ...)."""
    for address in addresses:
        try:
            network = ipaddress.ip_network(address.strip(), strict=False)
        except ValueError:
            return False
        if not (network.is_private or network.is_loopback or network.is_link_local or network.is_reserved):
            return False
    return True


def evaluate(statement: Any, request: Request, ip_sets: IpSets) -> Val:
    """The value of a statement for a request (see the module docstring)."""
    if statement is UNKNOWN:
        return unknown("a statement unknown at preview")
    statement = as_mapping(statement)
    if len(statement) != 1:
        present = [k for k, v in statement.items() if v is not None]
        if len(present) != 1:
            return unknown("a statement that is not exactly one statement")
        statement = {present[0]: statement[present[0]]}
    kind, body = next(iter(statement.items()))
    if kind == UNKNOWN_STATEMENT:
        return unknown(str(body))
    if body is UNKNOWN:
        return unknown("a statement unknown at preview")
    body = as_mapping(body)
    if kind == "geoMatchStatement":
        codes = _codes(body)
        if codes is None:
            return unknown("a geo match without a readable list of country codes")
        header = body.get("forwardedIpConfig")
        if header in (None, {}):
            return TRUE if request.country in codes else FALSE
        return _forwarded(header, request, lambda country: TRUE if country in codes else FALSE)
    if kind == "ipSetReferenceStatement":
        header = body.get("ipSetForwardedIpConfig")
        addresses = ip_sets.addresses(body.get("arn"))
        if header in (None, {}) and addresses is not None and (not addresses or _unroutable(addresses)):
            return FALSE  # no client on the internet has one of these addresses
        if header in (None, {}):
            return unknown("an IP set whose addresses cannot be placed in countries")
        return _forwarded(header, request, lambda _c: CHOSEN)
    if kind == "asnMatchStatement":
        header = body.get("forwardedIpConfig")
        if header in (None, {}):
            return unknown("an ASN match, whose networks cannot be placed in countries")
        return _forwarded(header, request, lambda _c: CHOSEN)
    if kind in _CONTENT_STATEMENTS:
        return CHOSEN
    if kind == "rateBasedStatement":
        scope = body.get("scopeDownStatement")
        return CHOSEN if scope in (None, {}) else _and([CHOSEN, evaluate(scope, request, ip_sets)])
    if kind == "labelMatchStatement":
        return unknown("a label match (labels are added by other rules and rule groups)")
    if kind == "notStatement":
        return _not(evaluate(body.get("statement"), request, ip_sets))
    if kind in ("andStatement", "orStatement"):
        subs = body.get("statements")
        if subs is UNKNOWN:
            return unknown("a statement unknown at preview")
        values = [evaluate(s, request, ip_sets) for s in as_list(subs)]
        return _and(values) if kind == "andStatement" else _or(values)
    return unknown("a statement this pack does not evaluate")


def _forwarded(config: Any, request: Request, by_country: Any) -> Val:
    # The rule-level check has already skipped the rule when the header is absent.
    name = _header(config)
    country = request.forwarded.get(name or "")
    if country is None:
        return FALSE
    if country == INVALID:
        fallback = as_mapping(config).get("fallbackBehavior")
        if fallback == "MATCH":
            return TRUE
        if fallback == "NO_MATCH":
            return FALSE
        return unknown("a forwarded-IP fallback that is neither MATCH nor NO_MATCH")
    value: Val = by_country(country)
    return value


# ------------------------------------------------------------------------------------------------------------
# The effective rule list
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One rule of the effective list: ``allow``, ``block`` or ``continue`` when ``statement`` matches.

    ``label`` names the rule without user text (its position, priority, and the resource it comes from).
    """

    label: str
    action: str
    statement: Any
    ip_sets: IpSets


@dataclass
class EffectiveAcl:
    """A web ACL as AWS evaluates it: default action, rules in priority order, and what is not known.

    ``problem`` is a definite defect (the ACL cannot be shown to block anything); ``unknown`` lists what makes
    the rule list itself unknown.
    """

    name: str
    default: str
    steps: list[Step]
    unknown: list[str] = field(default_factory=list)
    problem: str | None = None


_ACTIONS: Final = ("allow", "block", "count", "captcha", "challenge")
#: Actions that end the evaluation, as the walk sees them; CAPTCHA and CHALLENGE continue for a token holder.
_STEP_OF: Final = {"allow": "allow", "block": "block", "count": "continue", "captcha": "continue",
                   "challenge": "continue"}


def action_of(action: Any) -> str:
    """``allow``, ``block``, ``count``, ``captcha``, ``challenge``, ``unknown`` (at preview) or ``?``."""
    if action is UNKNOWN:
        return "unknown"
    if isinstance(action, str):  # ruleActionOverrides and some shapes spell it as a word
        word = action.strip().lower()
        return word if word in _ACTIONS else "?"
    mapping = as_mapping(action)
    present = [name for name in _ACTIONS if mapping.get(name) is not None]
    if any(mapping.get(name) is UNKNOWN for name in _ACTIONS):
        return "unknown"
    return present[0] if len(present) == 1 else "?"


# AWS's JSON (``ruleJson``, ``rulesJson``) spells keys in PascalCase; pulumi-aws in camelCase.
_ACRONYM: Final = re.compile(r"IP|ARN|ASN")


def camel_keys(node: Any) -> Any:
    """AWS API JSON (``GeoMatchStatement``, ``ForwardedIPConfig``) with pulumi-aws keys (``forwardedIpConfig``)."""
    if isinstance(node, Mapping):
        out: dict[str, Any] = {}
        for key, value in node.items():
            name = _ACRONYM.sub(lambda m: m.group(0)[0] + m.group(0)[1:].lower(), str(key))
            out[name[:1].lower() + name[1:]] = camel_keys(value)
        return out
    if isinstance(node, list):
        return [camel_keys(v) for v in node]
    return node


def _parsed_rules(value: Any, what: str) -> tuple[list[Any] | None, str | None]:
    """Rules given as an AWS JSON string: ``(rules, None)`` or ``(None, why not)``."""
    if value is UNKNOWN:
        return None, f"`{what}` is unknown at preview"
    if not isinstance(value, str):
        return None, f"`{what}` is not a JSON string"
    try:
        document = json.loads(value)
    except ValueError:
        return None, f"`{what}` is not valid JSON"
    if isinstance(document, Mapping) and "Rules" in document:
        document = document["Rules"]
    if not isinstance(document, list):
        return None, f"`{what}` is not a list of rules"
    return [camel_keys(r) for r in document], None


def _rules_of(subject: Subject, key: str, json_key: str) -> tuple[list[Mapping[str, Any]], str | None]:
    """The rules of a web ACL or rule group: ``rules``, or the JSON in ``ruleJson``/``rulesJson``."""
    raw = subject.props.get(json_key)
    if raw not in (None, ""):
        parsed, why = _parsed_rules(raw, json_key)
        if parsed is None:
            return [], why
        return [as_mapping(r) for r in parsed], None
    rules = subject.props.get(key)
    if rules is UNKNOWN:
        return [], f"`{key}` is unknown at preview"
    return [as_mapping(r) for r in as_list(rules)], None


def _priority(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _shown(priority: float) -> str:
    return f"{int(priority)}" if priority.is_integer() else f"{priority}"


class _Builder:
    """Collects the steps of one web ACL from its own rules and the resources that add rules to it."""

    def __init__(self, acl: Subject, index: StackIndex | None) -> None:
        self.acl = acl
        self.index = index
        self.result = EffectiveAcl(acl.name, "", [])
        self.entries: list[tuple[float, int, list[Step]]] = []

    # -- references ------------------------------------------------------------------------------------------

    def _single_dep(self, owner: Subject, prop: str, type_token: str) -> Subject | None:
        if self.index is None:
            return None
        deps = [d for d in self.index.dependencies(owner, prop) or [] if d.type == type_token]
        return deps[0] if len(deps) == 1 else None

    def _resolve(self, owner: Subject, prop: str, value: Any, type_token: str) -> Subject | None:
        if self.index is not None and isinstance(value, str):
            found = self.index.by_arn.get(value)
            if found is not None and found.type == type_token:
                return found
        if value is UNKNOWN:
            return self._single_dep(owner, prop, type_token)
        return None

    # -- rules -----------------------------------------------------------------------------------------------

    def add_rule(self, rule: Mapping[str, Any], label: str, owner: Subject, prop: str, position: int) -> None:
        priority = _priority(rule.get("priority"))
        if rule.get("priority") is UNKNOWN:
            self.result.unknown.append(f"the priority of {label} is unknown at preview")
            return
        if priority is None:
            self.result.problem = f"{label} has no numeric priority, so the evaluation order is unknown"
            return
        label = f"{label} (priority {_shown(priority)})"
        ip_sets = IpSets(self.index, self._single_dep(owner, prop, catalog.WAFV2_IP_SET))
        statement = rule.get("statement")
        inner = as_mapping(statement)
        override = rule.get("overrideAction")
        if "managedRuleGroupStatement" in inner or "ruleGroupReferenceStatement" in inner or (
            override not in (None, {}) and rule.get("action") in (None, {})
        ):
            steps = self._group_steps(inner, override, label, owner, prop, ip_sets)
        else:
            steps = self._plain_steps(rule.get("action"), statement, label, ip_sets)
        self.entries.append((priority, position, steps))

    def _plain_steps(self, action: Any, statement: Any, label: str, ip_sets: IpSets) -> list[Step]:
        kind = action_of(action)
        if kind in _STEP_OF:
            return [Step(label, _STEP_OF[kind], statement, ip_sets)]
        why = "is unknown at preview" if kind == "unknown" else "is not one action AWS knows"
        # An action nobody knows may be ALLOW: whatever the rule matches may get through.
        return [Step(label, "allow", {"andStatement": {"statements": [statement, {UNKNOWN_STATEMENT: why}]}},
                     ip_sets)]

    def _group_steps(
        self, statement: Mapping[str, Any], override: Any, label: str, owner: Subject, prop: str, ip_sets: IpSets
    ) -> list[Step]:
        counted = _override_counts(override)
        if counted is None:
            return [_maybe_allow(label, f"the override action of {label} is unknown at preview", None, ip_sets)]
        if counted:
            return []  # every rule of the group only counts
        managed = statement.get("managedRuleGroupStatement")
        if managed is not None:
            return self._managed_steps(as_mapping(managed), label, ip_sets)
        reference = as_mapping(statement.get("ruleGroupReferenceStatement"))
        group = self._resolve(owner, prop, reference.get("arn"), catalog.WAFV2_RULE_GROUP)
        return self._custom_steps(group, reference.get("ruleActionOverrides"), label, ip_sets)

    def _managed_steps(self, managed: Mapping[str, Any], label: str, ip_sets: IpSets) -> list[Step]:
        scope = managed.get("scopeDownStatement")
        overrides = managed.get("ruleActionOverrides")
        vendor = managed.get("vendorName")
        if overrides is UNKNOWN or vendor is UNKNOWN:
            return [_maybe_allow(label, f"the managed rule group of {label}, unknown at preview", scope, ip_sets)]
        allows = any(action_of(as_mapping(o).get("actionToUse")) not in ("block", "count", "captcha", "challenge")
                     for o in as_list(overrides))
        if vendor == "AWS" and not allows:
            return []  # AWS managed groups never ALLOW: a client avoids their BLOCKs by sending ordinary requests
        why = (f"the managed rule group of {label}, whose rule action overrides may ALLOW" if vendor == "AWS"
               else f"the rule group of {label}, a managed group whose rules are not known here")
        return [_maybe_allow(label, why, scope, ip_sets)]

    def _custom_steps(self, group: Subject | None, overrides: Any, label: str, ip_sets: IpSets) -> list[Step]:
        if group is None:
            return [_maybe_allow(label, f"the rule group of {label}, whose rules are not in this stack", None,
                                 ip_sets)]
        rules, why = _rules_of(group, "rules", "rulesJson")
        if why is not None:
            return [_maybe_allow(label, f"rule group {group.name!r} of {label}: {why}", None, ip_sets)]
        by_name: dict[str, str] = {}
        if overrides is UNKNOWN:
            return [_maybe_allow(label, f"the rule action overrides of {label}, unknown at preview", None, ip_sets)]
        for entry in as_list(overrides):
            entry = as_mapping(entry)
            if isinstance(entry.get("name"), str):
                by_name[entry["name"]] = action_of(entry.get("actionToUse"))
        group_sets = IpSets(self.index, self._single_dep(group, "rules", catalog.WAFV2_IP_SET))
        ordered: list[tuple[float, int, Mapping[str, Any]]] = []
        for position, rule in enumerate(rules):
            priority = _priority(rule.get("priority"))
            if priority is None:
                return [_maybe_allow(label, f"rule group {group.name!r} of {label}, whose rule order is unknown",
                                     None, ip_sets)]
            ordered.append((priority, position, rule))
        steps: list[Step] = []
        for priority, position, rule in sorted(ordered, key=lambda item: (item[0], item[1])):
            inner = f"rule #{position} (priority {_shown(priority)}) of rule group {group.name!r} in {label}"
            name = rule.get("name")
            action = by_name.get(name) if isinstance(name, str) else None
            if action is not None:
                steps += self._plain_steps({action: {}} if action in _ACTIONS else UNKNOWN, rule.get("statement"),
                                           inner, group_sets)
            else:
                steps += self._plain_steps(rule.get("action"), rule.get("statement"), inner, group_sets)
        return steps

    # -- standalone resources --------------------------------------------------------------------------------

    def add_standalone_rule(self, rule: Subject) -> None:
        self.add_rule(rule.props, f"standalone rule {rule.name!r}", rule, "statement", 10**6)

    def add_group_association(self, association: Subject) -> None:
        props = association.props
        label = f"rule group association {association.name!r}"
        priority = _priority(props.get("priority"))
        if props.get("priority") is UNKNOWN:
            self.result.unknown.append(f"the priority of {label} is unknown at preview")
            return
        if priority is None:
            self.result.problem = f"{label} has no numeric priority, so the evaluation order is unknown"
            return
        label = f"{label} (priority {_shown(priority)})"
        ip_sets = IpSets(self.index, None)
        counted = _override_counts(props.get("overrideAction"))
        steps: list[Step]
        if counted is None:
            steps = [_maybe_allow(label, f"the override action of {label} is unknown at preview", None, ip_sets)]
        elif counted:
            steps = []
        elif props.get("managedRuleGroup") not in (None, {}):
            steps = self._managed_steps(as_mapping(props.get("managedRuleGroup")), label, ip_sets)
        else:
            reference = props.get("ruleGroupReference")
            if reference is UNKNOWN:
                steps = [_maybe_allow(label, f"the rule group of {label}, unknown at preview", None, ip_sets)]
            else:
                reference = as_mapping(reference)
                group = self._resolve(association, "ruleGroupReference", reference.get("arn"),
                                      catalog.WAFV2_RULE_GROUP)
                steps = self._custom_steps(group, reference.get("ruleActionOverrides"), label, ip_sets)
        self.entries.append((priority, 10**6, steps))

    def build(self) -> EffectiveAcl:
        default = self.acl.props.get("defaultAction")
        if default is UNKNOWN:
            self.result.unknown.append("`defaultAction` is unknown at preview")
        else:
            kind = action_of(default)
            if kind in ("allow", "block"):
                self.result.default = kind
            elif kind == "unknown":
                self.result.unknown.append("`defaultAction` is unknown at preview")
            elif self.result.problem is None:
                self.result.problem = "its default action is neither ALLOW nor BLOCK"
        for *_order, steps in sorted(self.entries, key=lambda item: (item[0], item[1])):
            self.result.steps.extend(steps)
        return self.result


def _override_counts(override: Any) -> bool | None:
    """Whether a group's override action turns its rules into COUNT (``None``: unknown at preview)."""
    if override is UNKNOWN:
        return None
    if isinstance(override, str):
        return override.strip().lower() == "count"
    mapping = as_mapping(override)
    if mapping.get("count") is UNKNOWN or mapping.get("none") is UNKNOWN:
        return None
    return mapping.get("count") is not None


def _maybe_allow(label: str, why: str, scope: Any, ip_sets: IpSets) -> Step:
    """A step that may let through whatever ``scope`` matches, for a reason nobody here knows."""
    statements: list[Any] = [{UNKNOWN_STATEMENT: why}]
    if scope not in (None, {}):
        statements.insert(0, scope)
    return Step(label, "allow", {"andStatement": {"statements": statements}}, ip_sets)


def _acl_rules_from(acl: Subject, index: StackIndex | None, builder: _Builder) -> None:
    rules, why = _rules_of(acl, "rules", "ruleJson")
    if why is not None:
        builder.result.unknown.append(why)
    for position, rule in enumerate(rules):
        builder.add_rule(rule, f"rule #{position}", acl, "rules", position)


def effective_acl(acl: Subject, index: StackIndex | None = None, extra: Iterable[Subject] = ()) -> EffectiveAcl:
    """The rules of a web ACL as AWS evaluates them: its own, then ``extra`` standalone rules and group
    associations attached to it, sorted by priority."""
    builder = _Builder(acl, index)
    _acl_rules_from(acl, index, builder)
    for resource in extra:
        if resource.type == catalog.WAFV2_WEB_ACL_RULE:
            builder.add_standalone_rule(resource)
        elif resource.type == catalog.WAFV2_RULE_GROUP_ASSOCIATION:
            builder.add_group_association(resource)
    return builder.build()


# ------------------------------------------------------------------------------------------------------------
# Walking the rules
# ------------------------------------------------------------------------------------------------------------


def _step_value(step: Step, request: Request) -> Val:
    headers = forwarded_headers(step.statement)
    if headers is None:
        return unknown(f"a forwarded-IP header of {step.label} that is not a plain header name")
    if any(h not in request.forwarded for h in headers):
        return FALSE  # AWS does not apply a rule whose forwarded-IP header is missing
    return evaluate(step.statement, request, step.ip_sets)


@dataclass(frozen=True)
class Reach:
    """Whether a request reaches the endpoint: ``yes`` (the client can force it), ``no`` or ``maybe``.

    ``by`` names what lets it through (``yes``) or what the answer depends on (``maybe``).
    """

    answer: str
    by: str = ""


def request_reach(acl: EffectiveAcl, request: Request) -> Reach:
    """Whether this request (whatever else it carries) can reach the endpoint behind the ACL."""
    if acl.problem is not None:
        return Reach("yes", acl.problem)
    if acl.unknown or acl.default not in ("allow", "block"):
        return Reach("maybe", acl.unknown[0] if acl.unknown else "the default action")
    values = [_step_value(step, request) for step in acl.steps]
    force = [False] * (len(values) + 1)
    possible = [False] * (len(values) + 1)
    force[-1] = possible[-1] = acl.default == "allow"
    for i in range(len(values) - 1, -1, -1):
        step, v = acl.steps[i], values[i]
        if step.action == "allow":
            force[i] = v.t or force[i + 1]
            possible[i] = v.pt or (v.pf and possible[i + 1])
        elif step.action == "block":
            force[i] = v.f and force[i + 1]
            possible[i] = v.pf and possible[i + 1]
        else:
            force[i], possible[i] = force[i + 1], possible[i + 1]
    if force[0]:
        for step, v in zip(acl.steps, values, strict=True):
            if step.action == "allow" and v.t:
                return Reach("yes", f"{step.label} allows them")
        return Reach("yes", "no rule blocks them and the default action is ALLOW")
    if not possible[0]:
        return Reach("no")
    for i, (step, v) in enumerate(zip(acl.steps, values, strict=True)):
        if not possible[i]:
            break
        if step.action == "allow" and v.pt and not v.t and v.reason:
            return Reach("maybe", f"{v.reason} ({step.label})")
        if step.action == "block" and v.pf and not v.f and v.reason:
            return Reach("maybe", f"{v.reason} ({step.label})")
    return Reach("maybe", "rules whose outcome depends on values not known here")


def _geo_code_sets(acl: EffectiveAcl) -> set[frozenset[str]]:
    found: set[frozenset[str]] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            geo = node.get("geoMatchStatement")
            if isinstance(geo, Mapping) and (codes := _codes(geo)) is not None:
                found.add(codes)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for step in acl.steps:
        walk(step.statement)
    return found


def country_classes(acl: EffectiveAcl, extra: Iterable[frozenset[str]] = ()) -> list[list[str]]:
    """ISO countries grouped so that no geo statement of the ACL (nor ``extra``) tells two of a group apart."""
    sets = tuple(sorted(_geo_code_sets(acl) | set(extra), key=lambda s: sorted(s)))
    return [list(group) for group in _classes_of(sets)]


@functools.lru_cache(maxsize=1024)
def _classes_of(sets: tuple[frozenset[str], ...]) -> tuple[tuple[str, ...], ...]:
    # The ACLs of one stack mostly share their country lists: the grouping is computed once per distinct lists.
    groups: dict[tuple[bool, ...], list[str]] = {}
    for country in sorted(model.iso_countries()):
        groups.setdefault(tuple(country in s for s in sets), []).append(country)
    return tuple(tuple(group) for group in groups.values())


#: More forwarded-IP headers than this in one ACL are not enumerated (the verdict is undetermined).
MAX_HEADERS: Final = 4


def headers_of(acl: EffectiveAcl) -> frozenset[str] | None:
    """Every forwarded-IP header the ACL reads (``None`` when one is not a plain name)."""
    found: set[str] = set()
    for step in acl.steps:
        headers = forwarded_headers(step.statement)
        if headers is None:
            return None
        found |= headers
    return frozenset(found)


def _header_scenarios(headers: Sequence[str], classes: list[list[str]]) -> Iterator[dict[str, str]]:
    options: list[str | None] = [None, INVALID, *(group[0] for group in classes)]
    for combination in itertools.product(options, repeat=len(headers)):
        yield {h: v for h, v in zip(headers, combination, strict=True) if v is not None}


def country_reach(acl: EffectiveAcl, country: str, classes: list[list[str]] | None = None) -> Reach:
    """Whether a client in ``country`` can reach the endpoint, choosing its forwarded-IP headers freely."""
    headers = headers_of(acl)
    if headers is None or len(headers) > MAX_HEADERS:
        return Reach("maybe", "forwarded-IP headers that cannot all be enumerated")
    classes = classes if classes is not None else country_classes(acl)
    best = Reach("no")
    for forwarded in _header_scenarios(sorted(headers), classes):
        reach = request_reach(acl, Request(country, forwarded))
        if reach.answer == "yes":
            if forwarded:
                return Reach("yes", f"{reach.by} with a forged forwarded-IP header")
            if headers:
                return Reach("yes", f"{reach.by} (a rule that reads a forwarded-IP header does not apply to a "
                                    "request without it)")
            return reach
        if reach.answer == "maybe" and best.answer == "no":
            best = reach
    return best


@dataclass(frozen=True)
class Judgement:
    """Whether a web ACL keeps every unsupported country out: ``blocks``, ``leaks`` or ``unknown``."""

    status: str
    countries: tuple[str, ...] = ()
    by: str = ""

    def describe(self) -> str:
        """``requests from US, CN and 200 other unsupported countries reach it: ...`` (empty when blocked)."""
        if self.status == "blocks":
            return ""
        shown = list(self.countries[:3])
        more = len(self.countries) - len(shown)
        listed = ", ".join(shown) + (f" and {more} other unsupported countr{'y' if more == 1 else 'ies'}"
                                     if more else "")
        if self.status == "leaks":
            return f"requests from {listed} reach it: {self.by}"
        return f"whether requests from {listed} are blocked depends on {self.by}"


#: Countries named first in messages, when they leak (the rest follow in alphabetical order).
_FIRST: Final = ("US", "CN", "RU", "IN", "BR", "GB", "CH")


def _ordered(countries: Iterable[str]) -> tuple[str, ...]:
    listed = set(countries)
    return (*(c for c in _FIRST if c in listed), *sorted(listed - set(_FIRST)))


def judge(acl: EffectiveAcl, supported: frozenset[str]) -> Judgement:
    """Whether every request from a country outside ``supported`` is blocked, as AWS would evaluate it."""
    if acl.problem is not None:
        return Judgement("leaks", _ordered(model.iso_countries() - supported), acl.problem)
    classes = country_classes(acl, [supported])
    leaking: list[str] = []
    doubtful: list[str] = []
    leak_by = doubt_by = ""
    for group in classes:
        if group[0] in supported:
            continue
        reach = country_reach(acl, group[0], classes)
        if reach.answer == "yes":
            leaking += group
            leak_by = leak_by or reach.by
        elif reach.answer == "maybe":
            doubtful += group
            doubt_by = doubt_by or reach.by
    if leaking:
        return Judgement("leaks", _ordered(leaking), leak_by)
    if doubtful:
        return Judgement("unknown", _ordered(doubtful), doubt_by)
    return Judgement("blocks")


def acl_problem(acl: Mapping[str, Any], supported: frozenset[str]) -> str | None:
    """Why a web ACL's own properties do not block every country outside ``supported`` (``None`` if they do).

    For tests and single ACLs: standalone rules and rule groups of a stack are not seen here.
    """
    subject = Subject(catalog.WAFV2_WEB_ACL, "acl", "", acl)
    judgement = judge(effective_acl(subject), supported)
    return judgement.describe() or None
