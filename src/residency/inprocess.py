"""Evaluate the residency pack in this process: the pack's own rules over each resource decoded once.

``residency audit`` speaking the engine's Analyzer protocol to a pack process pays one gRPC round trip per
resource. This module gives the same answer without the protocol: the pack's runtime
(:meth:`residency.policies.PackRuntime.evaluate`) runs the very ``Rule`` objects the pack process serves, in the
order and with the configuration the engine and pulumi_policy use for ``pulumi policy analyze`` on a state
(``session.run_pack`` in ``check`` mode): ``Analyze`` for every live resource that is not a provider, then
``AnalyzeStack`` over the same set. It yields the :class:`~residency.engine.pack_process.Diagnostic` objects the
protocol path yields (same policies, levels, URNs and messages, in the same order);
``tests/audit/test_inprocess_equivalence.py`` holds the two paths to that.

Every resource's properties are decoded once into what a rule sees after the wire round trip (the engine's
``MarshalProperties`` then the SDK's ``deserialize_properties`` and the pack's ``plain``): top-level ``__`` keys
dropped, numbers as floats, values that cannot travel (non-finite numbers) as unknown, secrets as their plain
value (used by the checks, never printed), encrypted secrets and unknowns as ``UNKNOWN``, assets and archives as
opaque values. One decoded view per resource is shared by every rule, and each provider is decoded once per
stack.
"""

from __future__ import annotations

import functools
import gc
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, ParamSpec, TypeVar

import yaml
from google.protobuf import json_format, struct_pb2
from pulumi_policy import proxy

from residency import catalog, model
from residency.engine import policy_config as engine_config
from residency.engine import state, wire
from residency.engine.pack_process import Diagnostic
from residency.engine.records import (
    UNKNOWN,
    OpaqueSecret,
    ResourceRecord,
    Secret,
    StackSnapshot,
    is_provider_type,
)
from residency.engine.wire import ARCHIVE_SIG, ASSET_SIG, SIG_KEY, UNKNOWN_STRING

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


def properties(value: Mapping[str, Any]) -> dict[str, Any]:
    """A resource's property map as the rules see it: the engine drops its top-level ``__`` keys only."""
    return {k: policy_value(v) for k, v in value.items() if not k.startswith("__")}


def wire_properties(value: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`properties` of a property map in a state file's JSON (wire form)."""
    return {k: wire_policy_value(v) for k, v in value.items() if not k.startswith("__")}


def policy_value(value: Any) -> Any:
    """One property value as the pack's checks see it (see the module docstring). Secrets are unwrapped."""
    cls = type(value)
    if cls is str:
        return UNKNOWN if value in _UNKNOWN_STRINGS else value
    if cls is dict:
        if SIG_KEY in value:
            return _special(value)
        return {k: policy_value(v) for k, v in value.items()}
    if cls is list:
        return [policy_value(v) for v in value]
    if cls is float:
        # NaN and infinities cannot travel in a Struct: the engine sends them as unknown.
        return value if math.isfinite(value) else UNKNOWN
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
            return policy_value(wire.decode_value(value))
        return {k: wire_policy_value(v) for k, v in value.items()}
    if cls is list:
        return [wire_policy_value(v) for v in value]
    if cls is float:
        return value if math.isfinite(value) else UNKNOWN
    if cls is int:
        return float(value)
    if cls is bool or value is None:
        return value
    return policy_value(wire.decode_value(value))


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
    # Any other signature becomes unknown on the way to the pack (see engine.wire.decode_value).
    return UNKNOWN


def _plain_secret(value: Any) -> Any:
    while isinstance(value, Secret):
        value = value.value
    if isinstance(value, OpaqueSecret):
        return UNKNOWN_STRING
    return value


def _struct_round_trip(value: Mapping[str, Any]) -> dict[str, Any]:
    # Policy config and config schemas cross the wire once per run; doing it for real costs nothing.
    struct = struct_pb2.Struct()
    struct.update(wire.encode_value(dict(value), skip_internal_keys=False))
    return dict(json_format.MessageToDict(struct))


# ---------------------------------------------------------------------------------------------------------------
# The pack as the engine sees it
# ---------------------------------------------------------------------------------------------------------------


@functools.cache
def analyzer_info() -> engine_config.AnalyzerInfo:
    """The pack's ``GetAnalyzerInfo`` answer, built from its rules (what the protocol path reads from the pack)."""
    from residency.policies import PACK_NAME, RULES
    from residency.policies._runtime import config_schema

    schema = _struct_round_trip(config_schema().properties or {}) or None
    policies = tuple(
        engine_config.PolicyInfo(
            name=rule.name,
            description=rule.description,
            enforcement_level=rule.level.value,
            severity=rule.severity.value,
            remediation_steps=rule.remediation,
            policy_type=rule.scope,
            config_schema=schema,
        )
        for rule in RULES
    )
    return engine_config.AnalyzerInfo(name=PACK_NAME, version=_pack_version(), policies=policies,
                                      supports_config=True)


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

    info: engine_config.AnalyzerInfo
    policy_config: Mapping[str, engine_config.PolicyConfig]
    diagnostics: tuple[Diagnostic, ...]
    #: Resources that went through Analyze, and through AnalyzeStack (the same set in check mode).
    analyzed: int
    stack_analyzed: int
    #: ``(country or "global"/"undetermined", data class, kind)`` -> number of AWS resources.
    profile: Mapping[tuple[str, str, str], int] = field(default_factory=dict)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _collector_paused(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``method`` with the cyclic garbage collector paused (and resumed as it was, whatever happens).

    An evaluation allocates objects that live until it ends (decoded properties, subjects, indexes) and makes
    almost no cyclic garbage; left running, the collector walks that growing heap again and again, about a
    seventh of the time at 10,000 resources, for nothing. Reference counting still frees everything acyclic,
    and the collector picks up any cycle once it runs again.
    """

    @functools.wraps(method)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return method(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


class Evaluator:
    """The pack prepared for one policy configuration; :meth:`evaluate` runs it over a stack.

    Preparing reconciles the configuration exactly as the engine does (defaults from each policy's schema,
    then the file, ``all`` included) and validates it; a bad configuration raises
    :class:`~residency.engine.policy_config.PolicyConfigError` here, before any stack is read.
    """

    def __init__(self, policy_config: Mapping[str, Any] | None = None) -> None:
        from residency.policies import RULES

        self.info = analyzer_info()
        self.policy_config = engine_config.reconcile_policy_config(self.info, policy_config or {})
        # pulumi_policy hands a policy its configured properties after a Struct round trip, {} when none.
        self._config = {
            name: _struct_round_trip(entry.properties) if entry.properties else {}
            for name, entry in self.policy_config.items()
        }
        self._levels = {name: entry.enforcement_level for name, entry in self.policy_config.items()}
        self._rules = RULES

    @_collector_paused
    def evaluate(self, snapshot: StackSnapshot, *, profile: bool = False) -> Evaluation:
        """Run the pack over a state's resources (check mode); raise :class:`InProcessError` when it fails.

        ``profile`` also counts where each AWS resource's data lives (for the HTML report).
        """
        return self._evaluate(snapshot, profile, _record_props)

    @_collector_paused
    def evaluate_document(
        self, document: Any, *, name: str = "the state", organization: str = "organization", profile: bool = False
    ) -> tuple[StackSnapshot, Evaluation]:
        """Run the pack over a decoded export or checkpoint document, decoding each property tree only once.

        The document is validated by the state loader with its property trees left out (they are decoded here,
        straight from the wire form into what the rules see), so a bad state gets the loader's own
        :class:`~residency.engine.state.StateError`. Any value the fast decoding cannot take sends the whole
        document through the loader and :meth:`evaluate`, which then say exactly what is wrong. The snapshot
        returned carries the resources' identities, not their properties.
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
                return {} if value is None else wire_properties(value)
            except (_UndecodableError, RecursionError):
                raise
            except Exception as exc:  # a secret's plaintext that is not JSON, say: the loader words it
                raise _UndecodableError(str(exc)) from None

        try:
            return snapshot, self._evaluate(snapshot, profile, props)
        except InProcessError:
            # A value the fast path refused: let the loader and the record path say precisely what and where.
            full = state.parse_state(document, name=name, organization=organization)
            return full, self.evaluate(full, profile=profile)

    def _evaluate(
        self, snapshot: StackSnapshot, want_profile: bool, props: Callable[[ResourceRecord, str], Any]
    ) -> Evaluation:
        from residency.policies import PackRuntime
        from residency.policies._values import ProviderView, Subject

        # The engine starts one pack process per stack: a fresh runtime, its memory empty.
        runtime = PackRuntime(self._rules)
        live = [r for r in snapshot.resources if not r.pending_delete]
        by_urn = {r.urn: r for r in live}
        records = [r for r in live if not is_provider_type(r.type)]
        known = {r.urn for r in records}
        providers: dict[str, ProviderView | None] = {}

        def decoded(record: ResourceRecord, what: str) -> Any:
            try:
                return props(record, what)
            except (_UndecodableError, OverflowError, RecursionError) as exc:
                raise InProcessError(_undecodable(record, what, exc)) from None

        def provider_of(record: ResourceRecord) -> ProviderView | None:
            # Every resource carries its provider; a stack has few, so each is decoded once.
            if not record.provider_urn:
                return None
            if record.provider_urn not in providers:
                provider = by_urn.get(record.provider_urn)
                providers[record.provider_urn] = (
                    None if provider is None else ProviderView(provider.name, provider.urn, decoded(provider, "inputs"))
                )
            return providers[record.provider_urn]

        subjects: list[Subject] = []
        stack_subjects: list[Subject] = []
        for record in records:
            provider = provider_of(record)
            subjects.append(Subject(record.type, record.name, record.urn, decoded(record, "inputs"), provider))
            # The SDK links dependencies to the stack's resources; the engine leaves out empty ones.
            dependencies = {
                prop: tuple(u for u in urns if u in known)
                for prop, urns in record.property_dependencies.items()
                if urns
            }
            parent = record.parent_urn if record.parent_urn in known else ""
            stack_subjects.append(Subject(record.type, record.name, record.urn, decoded(record, "outputs"), provider,
                                          dependencies, parent or ""))
        try:
            found = runtime.evaluate(subjects, stack_subjects, self._config, self._levels)
        except Exception as exc:  # a rule that raises fails the Analyze call, and so the stack
            raise InProcessError(f"The policy pack failed on {snapshot.stack or 'the stack'}: "
                                 f"{type(exc).__name__}: {exc}") from None
        default_urn = records[0].urn if records else ""
        diagnostics = tuple(
            Diagnostic(
                policy_name=f.policy,
                policy_pack_name=self.info.name,
                policy_pack_version=self.info.version,
                message=f.message,
                urn=f.urn if f.urn in known else default_urn,
                enforcement_level=f.level,
                severity=f.severity,
                description=f.description,
            )
            for f in found
        )
        counts: dict[tuple[str, str, str], int] = {}
        if want_profile:
            settings = runtime.ctx(self._config.get("residency-data-at-rest"), "residency-data-at-rest").settings
            for subject in subjects:
                key = _profile_of(subject, settings.data_class_tag)
                if key is not None:
                    counts[key] = counts.get(key, 0) + 1
        return Evaluation(self.info, self.policy_config, diagnostics, len(records), len(records), counts)


def _record_props(record: ResourceRecord, what: str) -> Any:
    return properties(dict(record.inputs if what == "inputs" else record.outputs))


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


def evaluate_snapshot(snapshot: StackSnapshot, policy_config: Mapping[str, Any] | None = None) -> list[Diagnostic]:
    """The diagnostics ``session.run_pack(<residency pack>, snapshot, policy_config, mode="check")`` yields."""
    return list(Evaluator(policy_config).evaluate(snapshot).diagnostics)


def _undecodable(record: ResourceRecord, what: str, exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        detail = "values nested too deeply to decode"
    elif isinstance(exc, OverflowError):
        detail = "a number too large for a double"
    else:
        detail = str(exc)
    return f"The {what} of {record.urn} hold {detail}, which the policy pack cannot receive."


def _profile_of(subject: Any, tag_key: str) -> tuple[str, str, str] | None:
    """``(country, data class, kind)`` of an AWS resource, from the rules' own readings; ``None`` otherwise."""
    from residency.policies._places import declared_class, effective_region

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
    return country, declared_class(subject, tag_key).data_class, str(catalog.classify(subject.type).kind)


__all__ = [
    "GLOBAL",
    "UNDETERMINED",
    "Evaluation",
    "Evaluator",
    "InProcessError",
    "analyzer_info",
    "evaluate_snapshot",
    "policy_value",
]
