"""Policy pack configuration, parsed, reconciled and validated as the engine's ``ReconcilePolicyPackConfig`` does.

Also the pack's metadata (:class:`AnalyzerInfo`, :class:`PolicyInfo`) that the reconciliation reads, the
enforcement levels of the Analyzer protocol and the errors a pack run raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from pulumi.runtime.proto import analyzer_pb2

EnforcementLevel = Literal["advisory", "mandatory", "disabled", "remediate"]
LEVEL_NAMES: Final[dict[int, EnforcementLevel]] = {
    analyzer_pb2.ADVISORY: "advisory",
    analyzer_pb2.MANDATORY: "mandatory",
    analyzer_pb2.DISABLED: "disabled",
    analyzer_pb2.REMEDIATE: "remediate",
}
LEVEL_VALUES: Final[dict[str, int]] = {name: number for number, name in LEVEL_NAMES.items()}
SEVERITY_NAMES: Final[dict[int, str]] = {
    analyzer_pb2.POLICY_SEVERITY_UNSPECIFIED: "",
    analyzer_pb2.POLICY_SEVERITY_LOW: "low",
    analyzer_pb2.POLICY_SEVERITY_MEDIUM: "medium",
    analyzer_pb2.POLICY_SEVERITY_HIGH: "high",
    analyzer_pb2.POLICY_SEVERITY_CRITICAL: "critical",
}
POLICY_TYPES: Final[dict[int, str]] = {
    analyzer_pb2.POLICY_TYPE_UNKNOWN: "",
    analyzer_pb2.POLICY_TYPE_RESOURCE: "resource",
    analyzer_pb2.POLICY_TYPE_STACK: "stack",
}


class EngineError(RuntimeError):
    """The policy pack could not be started or run; the message says what happened, with the pack's stderr tail."""


class PolicyConfigError(EngineError):
    """The policy configuration is invalid for this pack; ``problems`` lists each ``<policy>: <problem>``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("Invalid policy pack configuration: " + "; ".join(self.problems))


@dataclass(frozen=True)
class PolicyInfo:
    """One policy's metadata from ``GetAnalyzerInfo``."""

    name: str
    description: str
    #: The policy's default enforcement level (before configuration).
    enforcement_level: EnforcementLevel
    display_name: str = ""
    severity: str = ""
    remediation_steps: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    #: ``resource``, ``stack``, or ``""`` when the pack does not say.
    policy_type: str = ""
    #: The JSON schema of the policy's configuration properties, ``None`` when the policy has none.
    config_schema: Mapping[str, Any] | None = None
    #: The policy's required configuration properties.
    config_required: tuple[str, ...] = ()
    #: Compliance framework fields (name, version, reference, specification) when the policy has them.
    framework: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PolicyConfig:
    """A policy's configuration as the engine sends it in ``Configure``."""

    enforcement_level: str
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalyzerInfo:
    """The pack's metadata from ``GetAnalyzerInfo``; ``version`` is PulumiPolicy.yaml's when it has one."""

    name: str
    version: str
    policies: tuple[PolicyInfo, ...]
    display_name: str = ""
    description: str = ""
    supports_config: bool = False
    initial_config: Mapping[str, PolicyConfig] = field(default_factory=dict)

    def policy(self, name: str) -> PolicyInfo | None:
        """The policy called ``name``, if the pack has it."""
        return next((p for p in self.policies if p.name == name), None)



def parse_policy_config(config: Mapping[str, Any]) -> dict[str, PolicyConfig]:
    """Read a ``--policy-pack-config`` document: policy name to a level string or ``{enforcementLevel?, ...}``.

    Entries with neither a level nor properties are dropped, as the engine drops them.
    """
    result: dict[str, PolicyConfig] = {}
    problems: list[str] = []
    for name, value in config.items():
        if isinstance(value, str):
            level, properties = value, {}
        elif isinstance(value, Mapping):
            properties = dict(value)
            raw_level = properties.pop("enforcementLevel", "")
            if not isinstance(raw_level, str):
                problems.append(f"{name}: {raw_level!r} is not a valid enforcement level; must be a string")
                continue
            level = raw_level
        else:
            problems.append(f"{name}: {value!r} is not a valid value; must be a string or object")
            continue
        if level and level not in LEVEL_VALUES:
            problems.append(f"{name}: {level!r} is not a valid enforcement level")
            continue
        if level or properties:
            result[str(name)] = PolicyConfig(level, properties)
    if problems:
        raise PolicyConfigError(problems)
    return result


def _apply_config(result: dict[str, PolicyConfig], given: Mapping[str, PolicyConfig]) -> None:
    everything = given.get("all")
    if everything is not None and everything.enforcement_level in LEVEL_VALUES:
        for name, current in list(result.items()):
            result[name] = PolicyConfig(everything.enforcement_level, current.properties)
    # As in the engine, every given entry lands in the result, "all" and unknown policy names included.
    for name, entry in given.items():
        before = result.get(name)
        level = before.enforcement_level if before else ""
        properties = dict(before.properties) if before else {}
        if entry.enforcement_level in LEVEL_VALUES:
            level = entry.enforcement_level
        properties.update(entry.properties)
        result[name] = PolicyConfig(level, properties)


def _validate(info: AnalyzerInfo, config: Mapping[str, PolicyConfig]) -> list[str]:
    if not info.supports_config:
        return []
    try:
        # Imported here: only a configurable pack needs it (the engine validates with gojsonschema).
        from jsonschema import validators
    except ImportError:
        raise EngineError(
            "Validating the policy pack configuration needs the 'jsonschema' package; install it."
        ) from None

    problems = []
    for policy in info.policies:
        properties = dict(policy.config_schema or {})
        properties["enforcementLevel"] = {"type": "string", "enum": sorted(LEVEL_VALUES)}
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if policy.config_required:
            schema["required"] = list(policy.config_required)
        entry = config.get(policy.name)
        document = dict(entry.properties) if entry else {}
        validator = validators.validator_for(schema)(schema)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{policy.name}: {where + ': ' if where else ''}{error.message}")
    return problems


def reconcile_policy_config(info: AnalyzerInfo, config: Mapping[str, Any] | None = None) -> dict[str, PolicyConfig]:
    """The configuration the engine sends in ``Configure``: defaults, then the pack's initial config, then ``config``.

    Every policy gets its default level and its schema's ``default`` values; the pack's ``initial_config`` and
    then ``config`` (as for ``--policy-pack-config``; an ``all`` entry sets every level) override them. The
    result is validated against each policy's config schema; problems raise :class:`PolicyConfigError`.
    """
    result: dict[str, PolicyConfig] = {}
    for policy in info.policies:
        defaults = {
            k: v["default"]
            for k, v in (policy.config_schema or {}).items()
            if isinstance(v, Mapping) and "default" in v
        }
        result[policy.name] = PolicyConfig(policy.enforcement_level, defaults)
    _apply_config(result, info.initial_config)
    if config:
        _apply_config(result, parse_policy_config(config))
    problems = _validate(info, result)
    problems += [
        f"{name}: invalid enforcement level {entry.enforcement_level!r}"
        for name, entry in result.items()
        if entry.enforcement_level not in LEVEL_VALUES
    ]
    if problems:
        raise PolicyConfigError(problems)
    return result

