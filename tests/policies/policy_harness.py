"""An engine-shaped harness: real analyzer protobufs through the SDK's analyzer servicer, in process.

The engine talks to a pack over gRPC with ``pulumi.runtime.proto.analyzer_pb2`` messages; this harness builds
the same messages (properties as ``google.protobuf.Struct``, secrets in the engine's wrapper, unknowns as the
engine's sentinel, numbers as doubles, the provider as an ``AnalyzerProviderResource`` with string-encoded
inputs) and calls the servicer that ``PolicyPack`` would serve, without starting a server.

Usage::

    pack = Pack()                                   # Configure already called with the default config
    pack.configure({"zone": "fr"}, levels={"residency-control-plane": "disabled"})
    diags = pack.analyze(BUCKET, {"bucket": "b"}, provider=provider("us-east-1"))
    diags = pack.analyze_stack([Res(BUCKET, "b", {...}), ...])
    assert [(d.policy, d.level) for d in diags] == [...]; d.message is the text after the description line
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel, Policy
from pulumi_policy.policy import _PolicyAnalyzerServicer

from residency.policies import PACK_NAME, RULES, PackRuntime

#: The engine's encoding of an unknown value (a computed string).
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
#: The engine's secret wrapper keys.
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"

STACK, PROJECT = "dev", "residency-test"

_LEVELS = {
    "advisory": analyzer_pb2.ADVISORY,
    "mandatory": analyzer_pb2.MANDATORY,
    "remediate": analyzer_pb2.REMEDIATE,
    "disabled": analyzer_pb2.DISABLED,
}
_LEVEL_NAMES = {v: k for k, v in _LEVELS.items()}


@dataclass(frozen=True)
class Secret:
    """A value the engine sends wrapped as a secret."""

    value: Any


def encode(value: Any) -> Any:
    """Python value -> the JSON shape the engine puts in a Struct (secrets wrapped, tuples as lists)."""
    if isinstance(value, Secret):
        return {SIG_KEY: SECRET_SIG, "value": encode(value.value)}
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # numbers travel as doubles
    return value


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    """Encode properties as the engine does."""
    struct = struct_pb2.Struct()
    struct.update(encode(props))
    return struct


def urn_of(type_token: str, name: str) -> str:
    """The URN the engine builds for a top-level resource."""
    return f"urn:pulumi:{STACK}::{PROJECT}::{type_token}::{name}"


@dataclass(frozen=True)
class Provider:
    """An AWS provider resource; inputs are sent as strings, objects JSON-encoded (as the engine does)."""

    props: Mapping[str, Any]
    name: str = "default_7_51_1"

    @property
    def urn(self) -> str:
        return urn_of("pulumi:providers:aws", self.name)

    def message(self) -> analyzer_pb2.AnalyzerProviderResource:
        encoded = {k: (v if isinstance(v, str | Secret) else json.dumps(v)) for k, v in self.props.items()}
        return analyzer_pb2.AnalyzerProviderResource(
            type="pulumi:providers:aws", urn=self.urn, name=self.name, properties=to_struct(encoded)
        )


def provider(region: Any = "eu-west-3", name: str = "default_7_51_1", **props: Any) -> Provider:
    """A provider with a region (``None`` for none) and any further inputs (``defaultTags={...}``)."""
    values: dict[str, Any] = {"version": "7.51.1", **props}
    if region is not None:
        values["region"] = region
    return Provider(values, name)


DEFAULT_PROVIDER = provider()


@dataclass
class Res:
    """A resource of an ``AnalyzeStack`` request."""

    type: str
    name: str
    props: Mapping[str, Any]
    provider: Provider | None = DEFAULT_PROVIDER
    property_dependencies: Mapping[str, Sequence[str]] = field(default_factory=dict)
    parent: str = ""

    @property
    def urn(self) -> str:
        return urn_of(self.type, self.name)

    def message(self) -> analyzer_pb2.AnalyzerResource:
        deps = {
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns))
            for key, urns in self.property_dependencies.items()
        }
        resource = analyzer_pb2.AnalyzerResource(
            type=self.type,
            properties=to_struct(self.props),
            urn=self.urn,
            name=self.name,
            parent=self.parent,
            dependencies=sorted({u for v in self.property_dependencies.values() for u in v}),
            propertyDependencies=deps,
        )
        if self.provider is not None:
            resource.provider.CopyFrom(self.provider.message())
        return resource


@dataclass(frozen=True)
class Diag:
    """A diagnostic as the engine receives it, with the policy's own message split from the description."""

    policy: str
    level: str
    message: str
    urn: str
    full_message: str
    severity: int


def _diags(response: analyzer_pb2.AnalyzeResponse) -> list[Diag]:
    found = []
    for d in response.diagnostics:
        _, _, message = d.message.partition("\n")
        level = _LEVEL_NAMES[d.enforcementLevel]
        found.append(Diag(d.policyName, level, message, d.urn, d.message, d.severity))
    return found


class Pack:
    """The pack's analyzer servicer, configured like the engine does before analysing."""

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        levels: Mapping[str, str] | None = None,
        policies: list[Policy] | None = None,
    ) -> None:
        #: The pack session's runtime (one per Pack, as one per pack process).
        self.runtime = PackRuntime(RULES)
        self.policies = policies if policies is not None else self.runtime.policies()
        self.servicer = _PolicyAnalyzerServicer(PACK_NAME, "0.1.0", self.policies, EnforcementLevel.MANDATORY)
        self.configure(config, levels)

    def configure(
        self, config: Mapping[str, Any] | None = None, levels: Mapping[str, str] | None = None
    ) -> None:
        """Send ``Configure`` with the same properties for every policy (the pack-level schema)."""
        policy_config = {}
        for policy in self.policies:
            default = (policy.enforcement_level or EnforcementLevel.MANDATORY).value
            level = (levels or {}).get(policy.name) or default
            policy_config[policy.name] = analyzer_pb2.PolicyConfig(
                enforcementLevel=_LEVELS[level], properties=to_struct(config or {})
            )
        self.servicer.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config), None)

    def analyze(
        self,
        type_token: str,
        props: Mapping[str, Any],
        *,
        name: str = "r",
        provider: Provider | None = DEFAULT_PROVIDER,
    ) -> list[Diag]:
        """One ``Analyze`` call (resource policies) for a resource's inputs."""
        request = analyzer_pb2.AnalyzeRequest(
            type=type_token, properties=to_struct(props), urn=urn_of(type_token, name), name=name
        )
        if provider is not None:
            request.provider.CopyFrom(provider.message())
        return _diags(self.servicer.Analyze(request, None))

    def analyze_stack(self, resources: Iterable[Res]) -> list[Diag]:
        """One ``AnalyzeStack`` call (stack policies) for the resources' outputs."""
        request = analyzer_pb2.AnalyzeStackRequest(resources=[r.message() for r in resources])
        return _diags(self.servicer.AnalyzeStack(request, None))

    def info(self) -> analyzer_pb2.AnalyzerInfo:
        """``GetAnalyzerInfo``."""
        return self.servicer.GetAnalyzerInfo(None, None)


def only(diags: list[Diag], policy: str) -> list[Diag]:
    """The diagnostics of one policy."""
    return [d for d in diags if d.policy == policy]


def single(diags: list[Diag]) -> Diag:
    """The one diagnostic of a call (fails with the whole list otherwise)."""
    assert len(diags) == 1, diags
    return diags[0]
