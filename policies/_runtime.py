"""The pack's runtime: one object per pack session owns every piece of state that decides a verdict.

:class:`PackRuntime` holds the validated settings (one :class:`Ctx` per distinct configuration), the session's
memory of analysed resources, and the per-call caches that let every rule share one decoded copy of a resource
(the SDK deserialises a resource's properties once per policy). It builds the pulumi_policy objects from the
rules' declarations, enforcing type dispatch, and it evaluates the same rules in process for ``residency
audit`` (:meth:`PackRuntime.evaluate`). Its lifetime is visible: ``policies/__main__.py`` makes one for the pack
process; tests make one per test.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from residency.config import ConfigError, PackSettings

from ._memory import Memory
from ._places import Ctx
from ._rule import Finding, ResourceCheck, Rule, StackCheck
from ._stack import StackIndex
from ._values import Subject, plain, subject_of

#: The settings every rule reads; they must be the same for every policy of the pack.
PACK_WIDE = tuple(f.alias or n for n, f in PackSettings.model_fields.items())


def config_schema() -> PolicyConfigSchema:
    """The pack-level configuration schema every policy declares, generated from :class:`PackSettings`.

    List settings also accept a comma-separated string (``"fr,de"``), as :class:`PackSettings` does.
    """
    schema = PackSettings.model_json_schema(by_alias=True)
    properties: dict[str, dict[str, Any]] = {}
    for key, prop in schema["properties"].items():
        entry = {k: v for k, v in prop.items() if k != "title"}
        if entry.get("type") == "array":
            entry["type"] = ["array", "string"]
        if "$defs" in schema and "items" in entry:
            entry["items"] = _inline(entry["items"], schema["$defs"])
        properties[key] = entry
    return PolicyConfigSchema(properties=properties)


def _inline(node: Any, definitions: Mapping[str, Any]) -> Any:
    """Replace ``$ref`` pointers with the definitions they name (the engine validates each policy alone)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(definitions[ref.rsplit("/", 1)[1]], definitions)
        return {k: _inline(v, definitions) for k, v in node.items() if k not in ("title", "discriminator")}
    if isinstance(node, list):
        return [_inline(v, definitions) for v in node]
    return node


@dataclass(frozen=True)
class Evaluated:
    """One finding of an in-process evaluation, in the shape the engine would have received it."""

    policy: str
    level: str
    severity: str
    urn: str
    message: str
    description: str


class PackRuntime:
    """The state of one pack session and the SDK policies built from the rules."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.memory = Memory()
        self._ctx_by_json: dict[str, Ctx] = {}
        self._ctx_by_identity: dict[str, tuple[Mapping[str, Any], tuple[tuple[str, Any], ...], Ctx]] = {}
        # Per call (one Analyze of one resource, or one AnalyzeStack): the decoded resource or index, the settings
        # the first policy of the call saw, and each rule's findings (for the undetermined routing).
        self._subject: Subject | None = None
        self._index: StackIndex | None = None
        self._call_key: object = None
        self._call_position = -1
        self._call_settings: tuple[str, PackSettings] | None = None
        self._findings: dict[str, list[Finding]] = {}
        #: Findings a stack check made on a type its rule does not declare (dropped; a test keeps this at 0).
        self.dropped = 0

    # -- settings --------------------------------------------------------------------------------------------

    def ctx(self, config: Mapping[str, Any] | None, policy_name: str) -> Ctx:
        """Validate a policy's configuration (the pack-level schema) or raise :class:`ConfigError`.

        Parsing is cached per distinct configuration so that 10,000 resources cost one validation. The SDK's
        ``Configure`` accepts anything, so a bad value surfaces here, on the first ``Analyze``, and the engine
        shows the :class:`ConfigError` text. Pack-wide settings must be equal for every policy of one call.
        """
        config = config or {}
        seen = self._ctx_by_identity.get(policy_name)
        if seen is not None and seen[0] is config:
            # The very mapping validated last time (in process, each rule's configuration is one object that
            # nothing mutates; the memo keeps it alive, so its identity cannot be reused).
            self._agree(policy_name, seen[2].settings)
            return seen[2]
        items = tuple(config.items()) if isinstance(config, dict) else None
        ctx: Ctx | None = None
        # The SDK hands each policy a shallow copy of the same values until the next Configure.
        if items is not None and seen is not None and len(seen[1]) == len(items) and all(
            k1 == k2 and v1 is v2 for (k1, v1), (k2, v2) in zip(seen[1], items, strict=True)
        ):
            ctx = seen[2]
        if ctx is None:
            try:
                key = json.dumps(plain(config), sort_keys=True)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"Invalid configuration of policy {policy_name!r}: not JSON ({exc}).") from None
            ctx = self._ctx_by_json.get(key)
            if ctx is None:
                settings = PackSettings.parse(json.loads(key), f"the configuration of policy {policy_name!r}")
                ctx = self._ctx_by_json[key] = Ctx.of(settings, self.memory)
            if items is not None:
                self._ctx_by_identity[policy_name] = (config, items, ctx)
        self._agree(policy_name, ctx.settings)
        return ctx

    def _agree(self, policy_name: str, settings: PackSettings) -> None:
        if self._call_settings is None:
            self._call_settings = (policy_name, settings)
            return
        first_policy, first = self._call_settings
        if first is settings or first == settings:
            return
        differing = [
            alias for name, alias in zip(PackSettings.model_fields, PACK_WIDE, strict=True)
            if getattr(first, name) != getattr(settings, name)
        ]
        raise ConfigError(
            f"The pack-wide settings must be the same for every policy of the residency pack, but "
            f"{', '.join(repr(d) for d in differing)} differ between policy {first_policy!r} and policy "
            f"{policy_name!r}. pulumi_policy configures each policy on its own: set the value for every "
            "policy (see examples/policy-config/), or use `residency check --zone ...`, which sets all of them."
        )

    def _enter(self, key: object, position: int) -> None:
        """Start a new call unless this is the next policy of the current one.

        The SDK runs the policies of one ``Analyze`` (or ``AnalyzeStack``) in declaration order, so a rule at
        or before the last one that ran, or another resource, means a new call.
        """
        if key != self._call_key or position <= self._call_position:
            self._call_key = key
            self._call_settings = None
            self._findings = {}
            self._subject = None
            self._index = None
        self._call_position = position

    # -- subjects --------------------------------------------------------------------------------------------

    def subject(self, args: ResourceValidationArgs) -> Subject:
        """The plain view of the resource being analysed, decoded once for all policies of the call."""
        if self._subject is None:
            self._subject = subject_of(args)
            self.memory.remember(self._subject)
        return self._subject

    def index(self, resources: Sequence[Any]) -> StackIndex:
        """The index of the stack being analysed, built once for all stack policies of the call."""
        if self._index is None:
            self._index = StackIndex([subject_of(r) for r in resources], self.memory)
        return self._index

    # -- running rules ---------------------------------------------------------------------------------------

    def run_resource_rule(self, rule: Rule, subject: Subject, ctx: Ctx) -> list[Finding]:
        """A resource rule's findings for one resource (cached for the call)."""
        cached = self._findings.get(rule.name)
        if cached is None:
            check: ResourceCheck = rule.check  # type: ignore[assignment]
            cached = self._findings[rule.name] = list(check(subject, ctx)) if rule.types.covers(subject.type) else []
        return cached

    def run_stack_rule(self, rule: Rule, index: StackIndex, ctx: Ctx) -> list[Finding]:
        """A stack rule's findings (cached for the call); findings on undeclared types are dropped."""
        cached = self._findings.get(rule.name)
        if cached is None:
            check: StackCheck = rule.check  # type: ignore[assignment]
            cached = []
            for finding in check(index, ctx):
                target = index.by_urn.get(finding.urn or "")
                if target is not None and not rule.types.covers(target.type):
                    self.dropped += 1
                    continue
                cached.append(finding)
            self._findings[rule.name] = cached
        return cached

    def _routed(self, rule: Rule, type_token: str | None) -> Iterable[tuple[Rule, Finding]]:
        """The undetermined findings of the other rules of this call (for the routing rules)."""
        for other in self.rules:
            if other.routes_undetermined or other.scope != rule.scope:
                continue
            if type_token is not None and not other.types.covers(type_token):
                continue
            for finding in self._findings.get(other.name, ()):
                if finding.undetermined:
                    yield other, finding

    # -- the SDK objects -------------------------------------------------------------------------------------

    def policies(self) -> list[Policy]:
        """The pulumi_policy objects of every rule, in declaration order."""
        schema = config_schema()
        built: list[Policy] = []
        for rule in self.rules:
            if rule.scope == "resource":
                built.append(ResourceValidationPolicy(
                    name=rule.name, description=rule.description, validate=self._resource_validator(rule),
                    enforcement_level=rule.level, config_schema=schema, severity=rule.severity,
                    remediation_steps=rule.remediation,
                ))
            else:
                built.append(StackValidationPolicy(
                    name=rule.name, description=rule.description, validate=self._stack_validator(rule),
                    enforcement_level=rule.level, config_schema=schema, severity=rule.severity,
                    remediation_steps=rule.remediation,
                ))
        return built

    def _resource_validator(self, rule: Rule) -> Any:
        position = self.rules.index(rule)

        def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
            if not rule.types.covers(str(args.resource_type)):
                return
            self._enter(("resource", str(args.urn)), position)
            subject = self.subject(args)
            ctx = self.ctx(args.get_config(), rule.name)
            if rule.routes_undetermined:
                if not ctx.settings.undetermined_is_mandatory:
                    for other, finding in self._routed(rule, subject.type):
                        report(f"{finding.message} [{other.name}]", None)
                return
            for finding in self.run_resource_rule(rule, subject, ctx):
                if finding.undetermined and not ctx.settings.undetermined_is_mandatory:
                    continue
                report(finding.message, None)

        validate.__name__ = rule.name.replace("-", "_") + "_validator"
        return validate

    def _stack_validator(self, rule: Rule) -> Any:
        position = self.rules.index(rule)

        def validate(args: StackValidationArgs, report: ReportViolation) -> None:
            self._enter(("stack",), position)
            index = self.index(args.resources)
            ctx = self.ctx(args.get_config(), rule.name)
            if rule.routes_undetermined:
                if not ctx.settings.undetermined_is_mandatory:
                    for other, finding in self._routed(rule, None):
                        report(f"{finding.message} [{other.name}]", finding.urn)
                return
            for finding in self.run_stack_rule(rule, index, ctx):
                if finding.undetermined and not ctx.settings.undetermined_is_mandatory:
                    continue
                report(finding.message, finding.urn)

        validate.__name__ = rule.name.replace("-", "_") + "_validator"
        return validate

    # -- in process ------------------------------------------------------------------------------------------

    def evaluate(
        self,
        resources: Sequence[Subject],
        stack_resources: Sequence[Subject],
        config: Mapping[str, Mapping[str, Any]],
        levels: Mapping[str, str],
    ) -> list[Evaluated]:
        """Run every rule in process, as the engine's ``Analyze`` calls then ``AnalyzeStack`` would.

        ``resources`` go through the resource rules (in order, so the session's memory fills as in a real
        run), ``stack_resources`` through the stack rules. ``config`` and ``levels`` are the reconciled
        per-policy configuration (as sent in ``Configure``); a disabled rule does not run. Messages carry the
        rule's description first, exactly as pulumi_policy reports them.
        """
        found: list[Evaluated] = []
        active = [r for r in self.rules if _level(levels.get(r.name), r) != "disabled"]

        def emit(rule: Rule, urn: str, message: str) -> None:
            level = _level(levels.get(rule.name), rule)
            found.append(Evaluated(rule.name, "mandatory" if level == "remediate" else level,
                                   rule.severity.value, urn, f"{rule.description}\n{message}" if message
                                   else rule.description, rule.description))

        positions = {rule.name: i for i, rule in enumerate(self.rules)}
        resource_rules = [r for r in active if r.scope == "resource"]
        rules_of_type: dict[str, list[Rule]] = {}
        for subject in resources:
            self.memory.remember(subject)
            covering = rules_of_type.get(subject.type)
            if covering is None:
                covering = rules_of_type[subject.type] = [r for r in resource_rules if r.types.covers(subject.type)]
            for rule in covering:
                self._enter(("resource", subject.urn), positions[rule.name])
                ctx = self.ctx(config.get(rule.name), rule.name)
                if rule.routes_undetermined:
                    if not ctx.settings.undetermined_is_mandatory:
                        for other, finding in self._routed(rule, subject.type):
                            emit(rule, subject.urn, f"{finding.message} [{other.name}]")
                    continue
                for finding in self.run_resource_rule(rule, subject, ctx):
                    if not (finding.undetermined and not ctx.settings.undetermined_is_mandatory):
                        emit(rule, subject.urn, finding.message)
        index = StackIndex(list(stack_resources), self.memory)
        for rule in active:
            if rule.scope != "stack":
                continue
            self._enter(("stack",), positions[rule.name])
            ctx = self.ctx(config.get(rule.name), rule.name)
            if rule.routes_undetermined:
                if not ctx.settings.undetermined_is_mandatory:
                    for other, finding in self._routed(rule, None):
                        emit(rule, finding.urn or "", f"{finding.message} [{other.name}]")
                continue
            for finding in self.run_stack_rule(rule, index, ctx):
                if not (finding.undetermined and not ctx.settings.undetermined_is_mandatory):
                    emit(rule, finding.urn or "", finding.message)
        return found


def _level(configured: str | None, rule: Rule) -> str:
    return configured or rule.level.value


__all__ = ["PACK_WIDE", "EnforcementLevel", "Evaluated", "PackRuntime", "config_schema"]
