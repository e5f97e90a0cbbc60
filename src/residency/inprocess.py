"""Evaluate the residency pack in this process: the pack's own checks over each resource decoded once.

``residency audit`` used to speak the engine's Analyzer protocol to a pack process, one gRPC round trip per
resource (about 1.4 ms). This module gives the same answer without the protocol: it runs the checks the pack
registers (``residency.policies.REGISTRY``) directly, in the order and with the configuration the engine and
pulumi_policy would use for ``pulumi policy analyze`` on a state (``protocol.run_pack`` in ``check`` mode):
``Analyze`` for every live resource that is not a provider, then ``AnalyzeStack`` over the same set. It yields
the very :class:`~residency.engine.protocol.Diagnostic` objects the protocol path yields (same policies,
levels, URNs and messages, in the same order); ``tests/audit/test_inprocess_equivalence.py`` holds the two
paths to that.

Every resource's properties are decoded once into what a policy sees after the wire round trip (the engine's
``MarshalProperties`` then the SDK's ``deserialize_properties`` and the pack's ``plain``): ``__`` keys dropped,
numbers as floats, secrets as their plain value (used by the checks, never printed), encrypted secrets and
unknowns as ``UNKNOWN``, assets and archives as opaque values. One decoded view per resource is shared by
every check, and each provider is decoded once per stack.

**Coupling to the pack's internals lives here and nowhere else.** The pack is about to be rewritten (rules as
data, a runtime object per session); when it is, only the functions listed in :data:`PACK_COUPLING` change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from google.protobuf import json_format, struct_pb2
from pulumi_policy import proxy

from residency import catalog, model
from residency.engine import protocol, state
from residency.engine.protocol import ARCHIVE_SIG, ASSET_SIG, SIG_KEY, UNKNOWN_STRING
from residency.engine.records import (
    UNKNOWN,
    OpaqueSecret,
    ResourceRecord,
    Secret,
    StackSnapshot,
    is_provider_type,
)

#: The functions of this module that read the pack's internals, and what they read. The lead ports these to
#: the pack's next API; everything else here (decoding, ordering, diagnostics) is the engine's behaviour.
PACK_COUPLING: Final = {
    "unsupported_reason": "REGISTRY entries (.meta.name, .resource_check, .stack_check) and the names of the two "
    "undetermined routers (policies.undetermined.UNDETERMINED, UNDETERMINED_STACK)",
    "analyzer_info": "PACK_NAME and REGISTRY[*].policy (name, description, enforcement_level, severity, "
    "remediation_steps, config_schema, display_name); the pack's default level MANDATORY (policies/__main__.py)",
    "_pack_version": "PulumiPolicy.yaml next to the installed residency.policies",
    "_Plan.build": "REGISTRY order (= POLICIES order), _context.ctx_from(config, policy_name) per policy, "
    "Ctx.settings.undetermined_is_mandatory and .data_class_tag; the routers re-run every registered check",
    "_Plan.evaluate": "_context.forget_buckets and _remember_bucket (the bucket memory of one pack process), "
    "_stack.StackIndex(subjects)",
    "_Plan._analyze / _Plan._analyze_stack": "check(subject, ctx) and check(index, ctx) yielding Finding "
    "(.message, .undetermined, .urn); report_findings' rule; the routers' '<message> [<policy>]' form",
    "_subject / _provider_view": "_context.Subject and _context.ProviderView (a resource as every check sees it)",
    "_profile_of": "_context.effective_region and _context.data_class (where a resource's data lives)",
}

#: The engine sends unknown values as typed sentinel strings; pulumi_policy's proxy treats all of them as unknown.
_UNKNOWN_STRINGS: Final = frozenset(
    {
        UNKNOWN_STRING,
        proxy.UNKNOWN_BOOLEAN_VALUE,
        proxy.UNKNOWN_NUMBER_VALUE,
        proxy.UNKNOWN_STRING_VALUE,
        proxy.UNKNOWN_ARRAY_VALUE,
        proxy.UNKNOWN_ASSET_VALUE,
        proxy.UNKNOWN_ARCHIVE_VALUE,
        proxy.UNKNOWN_OBJECT_VALUE,
    }
)


class InProcessError(RuntimeError):
    """The pack could not evaluate a stack in process; the message says which resource and policy, and why."""


class _Opaque:
    """An asset or archive: the SDK hands policies an ``Asset``/``Archive`` object, which no check looks into."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{self.kind}>"


_ASSET: Final = _Opaque("asset")
_ARCHIVE: Final = _Opaque("archive")


class _UndecodableError(ValueError):
    """A property value pulumi_policy would refuse to deserialize (the protocol path fails the same stack)."""


# ---------------------------------------------------------------------------------------------------------------
# Decoding: a record's property values as a policy sees them after the wire round trip.
# ---------------------------------------------------------------------------------------------------------------


def policy_value(value: Any) -> Any:
    """One property value as the pack's checks see it (see the module docstring). Secrets are unwrapped."""
    cls = type(value)
    if cls is str:
        return UNKNOWN if value in _UNKNOWN_STRINGS else value
    if cls is dict:
        if SIG_KEY in value:
            return _special(value)
        # The engine's Analyze and AnalyzeStack marshalling drops "__" keys (``__defaults``) at every level.
        return {k: policy_value(v) for k, v in value.items() if not k.startswith("__")}
    if cls is list:
        return [policy_value(v) for v in value]
    if cls is float:
        if value - value != 0.0:  # NaN or infinite: protobuf's JSON mapping refuses them
            raise _UndecodableError("a number that is not finite")
        return value
    if cls is bool or value is None:
        return value
    if cls is int:
        # Properties travel as protobuf doubles.
        return float(value)
    if value is UNKNOWN or cls is OpaqueSecret:
        return UNKNOWN
    if cls is Secret:
        return policy_value(value.value)
    if isinstance(value, Mapping):
        return policy_value({str(k): v for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [policy_value(v) for v in value]
    if isinstance(value, int | float):
        return policy_value(float(value))
    raise _UndecodableError(f"a {type(value).__name__} value")


def wire_policy_value(value: Any) -> Any:
    """A property value straight from a state file's JSON (wire form) as the checks see it.

    The same as ``policy_value(decode_value(value))``, one walk instead of two: signature objects (secrets,
    resource references, output values, assets) go through the state loader's own decoding first.
    """
    cls = type(value)
    if cls is str:
        return UNKNOWN if value in _UNKNOWN_STRINGS else value
    if cls is dict:
        if SIG_KEY in value:
            return policy_value(protocol.decode_value(value))
        return {k: wire_policy_value(v) for k, v in value.items() if not k.startswith("__")}
    if cls is list:
        return [wire_policy_value(v) for v in value]
    if cls is float:
        if value - value != 0.0:
            raise _UndecodableError("a number that is not finite")
        return value
    if cls is int:
        return float(value)
    if cls is bool or value is None:
        return value
    return policy_value(protocol.decode_value(value))


def _special(value: Mapping[str, Any]) -> Any:
    # Assets and archives keep their keys on the wire; pulumi_policy turns them into objects, or fails.
    sig = value.get(SIG_KEY)
    if sig == ASSET_SIG:
        for key in ("path", "text", "uri"):
            if key in value:
                if not isinstance(_plain_secret(value[key]), str):
                    raise _UndecodableError(f"an asset whose {key} is not a string")
                return _ASSET
        raise _UndecodableError("an asset with no path, text or uri")
    if sig == ARCHIVE_SIG:
        if "assets" in value:
            assets = _plain_secret(value["assets"])
            if not isinstance(assets, Mapping):
                raise _UndecodableError("an archive whose assets are not a map")
            for item in assets.values():
                inner = _plain_secret(item)
                if not (isinstance(inner, Mapping) and inner.get(SIG_KEY) in (ASSET_SIG, ARCHIVE_SIG)):
                    raise _UndecodableError("an archive holding something that is not an asset or archive")
                _special(inner)
            return _ARCHIVE
        for key in ("path", "uri"):
            if key in value:
                if not isinstance(_plain_secret(value[key]), str):
                    raise _UndecodableError(f"an archive whose {key} is not a string")
                return _ARCHIVE
        raise _UndecodableError("an archive with no assets, path or uri")
    raise _UndecodableError("a value with an unrecognised signature")


def _plain_secret(value: Any) -> Any:
    while isinstance(value, Secret):
        value = value.value
    if isinstance(value, OpaqueSecret):
        return UNKNOWN_STRING
    return value


def _struct_round_trip(value: Mapping[str, Any]) -> dict[str, Any]:
    # Policy config and config schemas cross the wire once per run; doing it for real costs nothing.
    struct = struct_pb2.Struct()
    struct.update(protocol.encode_value(dict(value), skip_internal_keys=False))
    return dict(json_format.MessageToDict(struct))


# ---------------------------------------------------------------------------------------------------------------
# The pack as the engine sees it
# ---------------------------------------------------------------------------------------------------------------


def unsupported_reason() -> str | None:
    """Why the installed pack cannot be evaluated in process (``None`` when it can).

    In-process evaluation calls each policy's registered check instead of its validator, which is exact as
    long as every validator is the registry's ``run_resource_check``/``run_stack_check`` over that check, or
    one of the two undetermined routers. A policy registered without a check cannot be reproduced here; the
    caller then uses the engine protocol.
    """
    from residency.policies import REGISTRY, undetermined

    routers = {undetermined.UNDETERMINED, undetermined.UNDETERMINED_STACK}
    for entry in REGISTRY:
        if entry.meta.name in routers:
            continue
        if entry.resource_check is None and entry.stack_check is None:
            return f"policy {entry.meta.name!r} is registered without a check"
    return None


@functools.cache
def analyzer_info() -> protocol.AnalyzerInfo:
    """The pack's ``GetAnalyzerInfo`` answer, built from the registry (what the protocol path reads from the pack)."""
    from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

    from residency.policies import PACK_NAME, REGISTRY

    policies = []
    for entry in REGISTRY:
        policy = entry.policy
        schema: Mapping[str, Any] | None = None
        required: tuple[str, ...] = ()
        if policy.config_schema is not None:
            schema = _struct_round_trip(policy.config_schema.properties or {}) or None
            required = tuple(policy.config_schema.required or ())
        policy_type = (
            "resource"
            if isinstance(policy, ResourceValidationPolicy)
            else "stack"
            if isinstance(policy, StackValidationPolicy)
            else ""
        )
        policies.append(
            protocol.PolicyInfo(
                name=policy.name,
                description=policy.description,
                # The pack's __main__ gives the pack MANDATORY as its default level; every policy sets its own.
                enforcement_level=policy.enforcement_level.value if policy.enforcement_level else "mandatory",
                display_name=policy.display_name or "",
                severity=policy.severity.value if policy.severity else "",
                remediation_steps=policy.remediation_steps or "",
                policy_type=policy_type,
                config_schema=schema,
                config_required=required,
            )
        )
    return protocol.AnalyzerInfo(
        name=PACK_NAME,
        version=_pack_version(),
        policies=tuple(policies),
        supports_config=True,
    )


def _pack_version() -> str:
    import residency.policies as pack

    try:
        document = yaml.safe_load((Path(pack.__file__).resolve().parent / "PulumiPolicy.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        document = None
    version = document.get("version") if isinstance(document, Mapping) else None
    # pulumi_policy answers 0.0.1 when PulumiPolicy.yaml has no version; the engine prefers the YAML's.
    return "0.0.1" if version is None else str(version)


# ---------------------------------------------------------------------------------------------------------------
# Where the data lives (for the HTML report)
# ---------------------------------------------------------------------------------------------------------------

#: Country buckets that are not ISO codes.
GLOBAL: Final = "global"
UNDETERMINED: Final = "undetermined"


@dataclass(frozen=True)
class Evaluation:
    """What one stack's in-process run produced: the protocol path's diagnostics, plus where its data lives."""

    info: protocol.AnalyzerInfo
    policy_config: Mapping[str, protocol.PolicyConfig]
    diagnostics: tuple[protocol.Diagnostic, ...]
    #: Resources that went through Analyze, and through AnalyzeStack (the same set in check mode).
    analyzed: int
    stack_analyzed: int
    #: ``(country or "global"/"undetermined", data class, kind)`` -> number of AWS resources.
    profile: Mapping[tuple[str, str, str], int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------------------------
# The plan: which checks run, in which order, with which settings
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    name: str
    description: str
    level: str  # configured, remediate already read as mandatory
    severity: str
    ctx: Any
    ctx_key: int  # equal settings share a key, so the routers can reuse a check's findings
    check: Callable[..., Iterable[Any]] | None  # None for the undetermined routers
    undetermined_mandatory: bool


@dataclass(frozen=True)
class _Checked:
    name: str
    check: Callable[..., Iterable[Any]]


class Evaluator:
    """The pack prepared for one policy configuration; :meth:`evaluate` runs it over a stack.

    Preparing reconciles the configuration exactly as the engine does (defaults from each policy's schema,
    then the file, ``all`` included) and validates it; a bad configuration raises
    :class:`~residency.engine.protocol.PolicyConfigError` here, before any stack is read.
    """

    def __init__(self, policy_config: Mapping[str, Any] | None = None) -> None:
        reason = unsupported_reason()
        if reason is not None:
            raise InProcessError(f"The residency pack cannot be evaluated in process: {reason}.")
        self.info = analyzer_info()
        self.policy_config = protocol.reconcile_policy_config(self.info, policy_config or {})
        self._plan = _Plan.build(self.info, self.policy_config)

    def evaluate(self, snapshot: StackSnapshot, *, profile: bool = False) -> Evaluation:
        """Run the pack over a state's resources (check mode); raise :class:`InProcessError` when it fails.

        ``profile`` also counts where each AWS resource's data lives (for the HTML report; about 10% more).
        """
        diagnostics, analyzed, counts = self._plan.evaluate(snapshot, self.info, profile, _record_props)
        return Evaluation(self.info, self.policy_config, tuple(diagnostics), analyzed, analyzed, counts)

    def evaluate_document(
        self, document: Any, *, name: str = "the state", organization: str = "organization", profile: bool = False
    ) -> tuple[StackSnapshot, Evaluation]:
        """Run the pack over a decoded export or checkpoint document, decoding each property tree only once.

        The document is validated by the state loader with its property trees left out (they are decoded here,
        straight from the wire form into what the checks see), so a bad state gets the loader's own
        :class:`~residency.engine.state.StateError`. Any value the fast decoding cannot take sends the whole
        document through the loader and :meth:`evaluate`, which then say exactly what is wrong.
        The snapshot returned carries the resources' identities, not their properties.
        """
        skeleton = _skeleton(document)
        if skeleton is None:
            snapshot = state.parse_state(document, name=name, organization=organization)
            return snapshot, self.evaluate(snapshot, profile=profile)
        stripped, entries = skeleton
        try:
            snapshot = state.parse_state(stripped, name=name, organization=organization)
        except state.StateError:
            # Report the error the whole document gives (the first bad resource may be a bad property).
            snapshot = state.parse_state(document, name=name, organization=organization)
            return snapshot, self.evaluate(snapshot, profile=profile)
        raw = {id(record): entry for record, entry in zip(snapshot.resources, entries, strict=True)}

        def props(record: ResourceRecord, what: str) -> Any:
            value = raw[id(record)].get(what)
            try:
                return {} if value is None else wire_policy_value(value)
            except (_UndecodableError, RecursionError):
                raise
            except Exception as exc:  # a secret's plaintext that is not JSON, say: the loader words it
                raise _UndecodableError(str(exc)) from None

        try:
            diagnostics, analyzed, counts = self._plan.evaluate(snapshot, self.info, profile, props)
        except InProcessError:
            # A value the fast path refused: let the loader and the record path say precisely what and where.
            full = state.parse_state(document, name=name, organization=organization)
            return full, self.evaluate(full, profile=profile)
        return snapshot, Evaluation(self.info, self.policy_config, tuple(diagnostics), analyzed, analyzed, counts)


def _record_props(record: ResourceRecord, what: str) -> Any:
    return policy_value(dict(record.inputs if what == "inputs" else record.outputs))


def _skeleton(document: Any) -> tuple[dict[str, Any], list[Any]] | None:
    """The document with every resource's property trees left out, and the resources; ``None`` if unusual."""
    if not isinstance(document, dict):
        return None
    if "deployment" in document:
        deployment = document["deployment"]
        if not isinstance(deployment, dict) or not isinstance(deployment.get("resources"), list):
            return None
        entries = deployment["resources"]
        return {**document, "deployment": {**deployment, "resources": _stripped(entries)}}, entries
    checkpoint = document.get("checkpoint")
    if not isinstance(checkpoint, dict):
        return None
    latest = checkpoint.get("latest")
    if not isinstance(latest, dict) or not isinstance(latest.get("resources"), list):
        return None
    entries = latest["resources"]
    stripped = {**document, "checkpoint": {**checkpoint, "latest": {**latest, "resources": _stripped(entries)}}}
    return stripped, entries


def _stripped(entries: list[Any]) -> list[Any]:
    # Property trees that are mappings are left out; anything else stays, for the loader to refuse.
    return [
        {k: v for k, v in entry.items() if not (k in ("inputs", "outputs") and isinstance(v, dict))}
        if isinstance(entry, dict)
        else entry
        for entry in entries
    ]


def evaluate_snapshot(
    snapshot: StackSnapshot, policy_config: Mapping[str, Any] | None = None
) -> list[protocol.Diagnostic]:
    """The diagnostics ``protocol.run_pack(<residency pack>, snapshot, policy_config, mode="check")`` yields."""
    return list(Evaluator(policy_config).evaluate(snapshot).diagnostics)


def _subject(
    record: ResourceRecord, props: Mapping[str, Any], provider: Any, dependencies: Mapping[str, tuple[str, ...]]
) -> Any:
    return _pack_context().Subject(record.type, record.name, record.urn, props, provider, dependencies)


@functools.cache
def _pack_context() -> Any:
    from residency.policies import _context

    return _context


def _provider_view(record: ResourceRecord, props: Mapping[str, Any]) -> Any:
    from residency.policies._context import ProviderView

    return ProviderView(record.name, record.urn, props)


class _Plan:
    """Resource and stack steps in the pack's order, with each policy's settings resolved once."""

    def __init__(
        self,
        resource_steps: Sequence[_Step],
        stack_steps: Sequence[_Step],
        resource_checks: Sequence[_Checked],
        stack_checks: Sequence[_Checked],
        profile_ctx: Any,
    ) -> None:
        self.resource_steps = resource_steps
        self.stack_steps = stack_steps
        self.resource_checks = resource_checks
        self.stack_checks = stack_checks
        self.profile_ctx = profile_ctx
        #: Whether the resource router runs (undeterminedIsMandatory false for it); then findings are reused.
        self.resource_router = any(s.check is None and not s.undetermined_mandatory for s in resource_steps)
        #: The policies with a check of their own, in order (a router that does not run reports nothing).
        self.checked_steps = [(s, s.check) for s in resource_steps if s.check is not None]

    @classmethod
    def build(cls, info: protocol.AnalyzerInfo, config: Mapping[str, protocol.PolicyConfig]) -> _Plan:
        from residency.policies import REGISTRY, undetermined
        from residency.policies._context import ctx_from

        descriptions = {p.name: p for p in info.policies}
        ctxs: list[Any] = []

        def ctx_key(ctx: Any) -> int:
            for index, known in enumerate(ctxs):
                if known == ctx:
                    return index
            ctxs.append(ctx)
            return len(ctxs) - 1

        resource_steps: list[_Step] = []
        stack_steps: list[_Step] = []
        for entry in REGISTRY:
            name = entry.meta.name
            entry_config = config.get(name)
            level = entry_config.enforcement_level if entry_config else descriptions[name].enforcement_level
            if level == "disabled":
                continue
            properties = dict(entry_config.properties) if entry_config else {}
            # pulumi_policy hands a policy its configured properties after a Struct round trip, {} when none.
            ctx = ctx_from(_struct_round_trip(properties) if properties else {}, name)
            router = name in (undetermined.UNDETERMINED, undetermined.UNDETERMINED_STACK)
            step = _Step(
                name=name,
                description=descriptions[name].description,
                level="mandatory" if level == "remediate" else level,
                severity=descriptions[name].severity,
                ctx=ctx,
                ctx_key=ctx_key(ctx),
                check=None if router else (entry.resource_check or entry.stack_check),
                undetermined_mandatory=bool(ctx.settings.undetermined_is_mandatory),
            )
            (stack_steps if descriptions[name].policy_type == "stack" else resource_steps).append(step)
        resource_checks = [_Checked(e.meta.name, e.resource_check) for e in REGISTRY if e.resource_check]
        stack_checks = [_Checked(e.meta.name, e.stack_check) for e in REGISTRY if e.stack_check]
        profile_ctx = ctx_from({}, undetermined.UNDETERMINED)
        for step in resource_steps:
            if step.name == "residency-data-at-rest":
                profile_ctx = step.ctx
        return cls(resource_steps, stack_steps, resource_checks, stack_checks, profile_ctx)

    # -- running ------------------------------------------------------------------------------------------

    def evaluate(
        self,
        snapshot: StackSnapshot,
        info: protocol.AnalyzerInfo,
        want_profile: bool,
        props: Callable[[ResourceRecord, str], Any],
    ) -> tuple[list[protocol.Diagnostic], int, dict[tuple[str, str, str], int]]:
        from residency.policies._context import _remember_bucket, forget_buckets
        from residency.policies._stack import StackIndex

        # The engine starts one pack process per stack, so the pack's memory of buckets starts empty.
        forget_buckets()
        live = [r for r in snapshot.resources if not r.pending_delete]
        by_urn = {r.urn: r for r in live}
        records = [r for r in live if not is_provider_type(r.type)]
        known = {r.urn for r in records}
        providers: dict[str, Any] = {}
        diagnostics: list[protocol.Diagnostic] = []
        profile: dict[tuple[str, str, str], int] = {}

        def decoded(record: ResourceRecord, what: str) -> Any:
            try:
                return props(record, what)
            except (_UndecodableError, OverflowError, RecursionError) as exc:
                raise InProcessError(_undecodable(record, what, exc)) from None

        def provider_of(record: ResourceRecord) -> Any:
            # Every resource carries its provider; a stack has few, so each is decoded once.
            if not record.provider_urn:
                return None
            if record.provider_urn not in providers:
                provider = by_urn.get(record.provider_urn)
                providers[record.provider_urn] = (
                    None if provider is None else _provider_view(provider, decoded(provider, "inputs"))
                )
            return providers[record.provider_urn]

        stack_subjects = []
        for record in records:
            subject = _subject(record, decoded(record, "inputs"), provider_of(record), {})
            _remember_bucket(subject)
            diagnostics.extend(self._analyze(subject, info))
            if want_profile:
                _count(profile, _profile_of(subject, self.profile_ctx))
            # The SDK links dependencies to the stack's resources; the engine leaves out empty ones.
            dependencies = {
                prop: tuple(u for u in urns if u in known)
                for prop, urns in record.property_dependencies.items()
                if urns
            }
            stack_subjects.append(_subject(record, decoded(record, "outputs"), provider_of(record), dependencies))
        default_urn = records[0].urn if records else ""
        index = StackIndex(stack_subjects)
        diagnostics.extend(self._analyze_stack(index, info, known, default_urn))
        return diagnostics, len(records), profile

    def _analyze(self, subject: Any, info: protocol.AnalyzerInfo) -> list[protocol.Diagnostic]:
        if not self.resource_router:
            return self._analyze_plain(subject, info)
        found: list[protocol.Diagnostic] = []
        computed: dict[tuple[str, int], list[Any]] = {}
        for step in self.resource_steps:
            try:
                if step.check is not None:
                    findings = computed[(step.name, step.ctx_key)] = list(step.check(subject, step.ctx))
                    for finding in findings:
                        if finding.undetermined and not step.undetermined_mandatory:
                            continue
                        found.append(_diagnostic(step, finding.message, subject.urn, info))
                elif not step.undetermined_mandatory:
                    for checked in self.resource_checks:
                        key = (checked.name, step.ctx_key)
                        if key not in computed:
                            computed[key] = list(checked.check(subject, step.ctx))
                        findings = computed[key]
                        for finding in findings:
                            if finding.undetermined:
                                message = f"{finding.message} [{checked.name}]"
                                found.append(_diagnostic(step, message, subject.urn, info))
            except Exception as exc:  # a check that raises fails the Analyze call, and so the stack
                raise InProcessError(_failed(step.name, subject.urn, exc)) from None
        return found

    def _analyze_plain(self, subject: Any, info: protocol.AnalyzerInfo) -> list[protocol.Diagnostic]:
        # No undetermined router runs: each check once, nothing kept for reuse (the common configuration).
        found: list[protocol.Diagnostic] = []
        current = ""
        try:
            for step, check in self.checked_steps:
                current = step.name
                for finding in check(subject, step.ctx):
                    if finding.undetermined and not step.undetermined_mandatory:
                        continue
                    found.append(_diagnostic(step, finding.message, subject.urn, info))
        except Exception as exc:  # a check that raises fails the Analyze call, and so the stack
            raise InProcessError(_failed(current, subject.urn, exc)) from None
        return found

    def _analyze_stack(
        self, index: Any, info: protocol.AnalyzerInfo, known: set[str], default_urn: str
    ) -> list[protocol.Diagnostic]:
        found: list[protocol.Diagnostic] = []
        computed: dict[tuple[str, int], list[Any]] = {}

        def urn_of(finding: Any) -> str:
            return finding.urn if finding.urn in known else default_urn

        for step in self.stack_steps:
            try:
                if step.check is not None:
                    findings = computed[(step.name, step.ctx_key)] = list(step.check(index, step.ctx))
                    for finding in findings:
                        if finding.undetermined and not step.undetermined_mandatory:
                            continue
                        found.append(_diagnostic(step, finding.message, urn_of(finding), info))
                elif not step.undetermined_mandatory:
                    for checked in self.stack_checks:
                        key = (checked.name, step.ctx_key)
                        if key not in computed:
                            computed[key] = list(checked.check(index, step.ctx))
                        findings = computed[key]
                        for finding in findings:
                            if finding.undetermined:
                                message = f"{finding.message} [{checked.name}]"
                                found.append(_diagnostic(step, message, urn_of(finding), info))
            except Exception as exc:
                raise InProcessError(_failed(step.name, "the stack", exc)) from None
        return found


def _diagnostic(step: _Step, message: str, urn: str, info: protocol.AnalyzerInfo) -> protocol.Diagnostic:
    # pulumi_policy's report_violation: the description, then a newline and the message.
    return protocol.Diagnostic(
        policy_name=step.name,
        policy_pack_name=info.name,
        policy_pack_version=info.version,
        message=f"{step.description}\n{message}" if message else step.description,
        urn=urn,
        enforcement_level=step.level,  # type: ignore[arg-type]
        severity=step.severity,
        description=step.description,
    )


def _failed(policy: str, where: str, exc: BaseException) -> str:
    return (
        f"The policy pack failed in policy {policy!r} on {where}: {type(exc).__name__}: {exc}"
        if str(exc)
        else f"The policy pack failed in policy {policy!r} on {where}: {type(exc).__name__}."
    )


def _undecodable(record: ResourceRecord, what: str, exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        detail = "values nested too deeply to decode"
    elif isinstance(exc, OverflowError):
        detail = "a number too large for a double"
    else:
        detail = str(exc)
    return f"The {what} of {record.urn} hold {detail}, which the policy pack cannot receive."


def _count(profile: dict[tuple[str, str, str], int], key: tuple[str, str, str] | None) -> None:
    if key is not None:
        profile[key] = profile.get(key, 0) + 1


def _profile_of(subject: Any, ctx: Any) -> tuple[str, str, str] | None:
    """``(country, data class, kind)`` of an AWS resource, from the checks' own readings; ``None`` otherwise."""
    from residency.policies._context import data_class, effective_region

    if not catalog.is_aws_type(subject.type):
        return None
    verdict = effective_region(subject)
    if verdict.is_global:
        country = GLOBAL
    elif verdict.region is not None:
        region = model.regions().get(verdict.region)
        country = (region.country if region else None) or UNDETERMINED
    else:
        country = UNDETERMINED
    classification = subject.classification
    return country, data_class(subject, ctx.settings.data_class_tag), str(classification.kind)


__all__ = [
    "GLOBAL",
    "PACK_COUPLING",
    "UNDETERMINED",
    "Evaluation",
    "Evaluator",
    "InProcessError",
    "analyzer_info",
    "evaluate_snapshot",
    "policy_value",
    "unsupported_reason",
]
