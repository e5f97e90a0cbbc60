"""What every residency policy shares: settings, safe property reading, effective regions, ARNs, findings.

Three rules keep the policies honest:

* **Never read properties through the SDK's proxy.** ``args.props`` raises ``UnknownValueError`` on an unknown
  value, which the SDK turns into an *advisory* "can't run policy during preview": a residency decision would
  silently pass. :func:`plain` copies the proxy into plain Python, replacing every unknown sentinel with
  :data:`UNKNOWN`, so each policy decides what an unknown means and says so ("Undetermined: ...").
* **Never crash on odd input.** Every reader accepts ``None``, wrong types and nested garbage and answers with
  "absent" instead of raising; a policy that raises fails the whole deployment with a traceback.
* **Never echo a value that could be secret.** In ``Analyze`` the SDK hands secrets over as plain values with
  no marker (the secret wrapper is removed before a policy sees the properties), so no policy can tell which
  values were secret. Messages therefore only ever show property *paths*, values drawn from a closed public
  set (region names botocore knows, ISO country codes, partition and service names) and resource names, and
  never a raw property value, a full ARN, an account id or a tag value.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, Protocol

from pulumi_policy import EnforcementLevel, PolicyConfigSchema, ReportViolation
from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    _DictProxy,
    _is_unknown,
    _ListProxy,
)

from residency import catalog, model
from residency.config import ConfigError, PackSettings
from residency.engine.records import UNKNOWN as UNKNOWN  # re-exported to the policy modules

# ------------------------------------------------------------------------------------------------------------
# Plain values and the unknown marker
# ------------------------------------------------------------------------------------------------------------


# UNKNOWN (from the engine's records) stands for any unknown value in the output of :func:`plain`.

_UNKNOWN_STRINGS: Final = frozenset(
    (
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    )
)
_SCALARS: Final = frozenset((bool, int, float, type(None)))


def plain(value: Any) -> Any:
    """Copy SDK properties into plain dicts and lists, replacing unknown sentinels with :data:`UNKNOWN`.

    The SDK's proxies hand out their raw target under the key ``"__target"`` without checking for unknowns;
    that is the one way to look at an unknown without triggering ``UnknownValueError``.
    """
    # Every policy copies every resource's properties, so the common exact types are dispatched first
    # (``type(...) is``) instead of through ABC ``isinstance`` checks; other types take the general path below.
    cls = type(value)
    if cls is _DictProxy:
        target = value["__target"]
        return {str(k): plain(target[k]) for k in target}
    if cls is str:
        return UNKNOWN if value in _UNKNOWN_STRINGS else value
    if cls in _SCALARS:
        return value
    if cls is _ListProxy:
        return [plain(v) for v in value["__target"]]
    if cls is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if cls is list:
        return [plain(v) for v in value]
    if isinstance(value, _DictProxy):
        target = value["__target"]
        return {str(k): plain(target[k]) for k in target}
    if isinstance(value, _ListProxy):
        return [plain(v) for v in value["__target"]]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if _is_unknown(value):
        return UNKNOWN
    return value


def as_mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one (a wrong type reads as absent)."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> Sequence[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def is_true(value: Any) -> bool:
    """Whether a property is true; providers send booleans as strings (``"true"``) too."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def select(tree: Any, pattern: str) -> Iterator[tuple[str, Any]]:
    """Values at ``pattern`` (``replicas[].regionName``) with concrete paths (``replicas[0].regionName``).

    Missing keys and wrong types yield nothing; an unknown on the way yields ``(path, UNKNOWN)`` because an
    unknown list may hold anything.
    """

    def walk(node: Any, steps: Sequence[str], path: str) -> Iterator[tuple[str, Any]]:
        if node is UNKNOWN:
            yield path, UNKNOWN
            return
        if not steps:
            if node is not None:
                yield path, node
            return
        step, rest = steps[0], steps[1:]
        many = step.endswith("[]")
        key = step[:-2] if many else step
        if not isinstance(node, Mapping) or key not in node:
            return
        child = node[key]
        child_path = f"{path}.{key}" if path else key
        if many:
            if child is UNKNOWN:
                yield child_path, UNKNOWN
                return
            for index, item in enumerate(as_list(child)):
                yield from walk(item, rest, f"{child_path}[{index}]")
        else:
            yield from walk(child, rest, child_path)

    yield from walk(tree, pattern.split("."), "")


def leaves(tree: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str, Any]]:
    """Every leaf of a property tree as ``(path, key, value)``; ``key`` is the nearest mapping key."""
    if isinstance(tree, Mapping):
        for k, v in tree.items():
            yield from leaves(v, f"{path}.{k}" if path else str(k), str(k))
    elif isinstance(tree, list):
        for index, item in enumerate(tree):
            yield from leaves(item, f"{path}[{index}]", key)
    else:
        yield path, key, tree


def parse_json_object(value: Any) -> Mapping[str, Any]:
    """A mapping, or a JSON string holding one (provider inputs arrive JSON-encoded); else empty."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return as_mapping(value)


# ------------------------------------------------------------------------------------------------------------
# ARNs
# ------------------------------------------------------------------------------------------------------------

_ARN_RE: Final = re.compile(r"arn:([a-z][a-z0-9-]*):([A-Za-z0-9-]+):([^:\s\"']*):([^:\s\"']*):([^\s\"',]+)")


@dataclass(frozen=True, slots=True)
class Arn:
    """The parts of an ARN that matter for residency (the resource part is kept only to name S3 buckets)."""

    partition: str
    service: str
    region: str
    resource: str

    @property
    def s3_bucket(self) -> str | None:
        """The bucket name of an S3 bucket or object ARN (``arn:aws:s3:::name/key``), else ``None``."""
        if self.service != "s3" or self.region:
            return None
        return self.resource.split("/", 1)[0] or None


def parse_arn(value: Any) -> Arn | None:
    """The ARN that ``value`` is exactly, or ``None``."""
    if not isinstance(value, str):
        return None
    found = _ARN_RE.fullmatch(value)
    return Arn(found[1], found[2], found[3], found[5]) if found else None


def arns_in(value: str) -> list[Arn]:
    """Every ARN inside a string (a whole ARN, or ARNs embedded in a JSON document or a URL)."""
    if "arn:" not in value:  # cheap pre-check: most strings hold no ARN
        return []
    return [Arn(m[1], m[2], m[3], m[5]) for m in _ARN_RE.finditer(value)]


# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ctx:
    """Validated settings plus what the policies derive from them (computed once per distinct config)."""

    settings: PackSettings
    zone: model.Zone
    countries: frozenset[str]
    partitions: frozenset[str]

    @property
    def zone_label(self) -> str:
        """``zone 'eu' (eu-central-1, eu-north-1, ...)`` for messages."""
        return f"zone {self.zone.label!r} ({', '.join(sorted(self.zone.regions))})"

    def in_zone(self, region: str) -> bool:
        """Whether a known region belongs to the zone."""
        return region in self.zone

    def exempt(self, data_class: str) -> bool:
        """Whether a data class may be stored outside the zone (never customer content)."""
        return data_class != model.CUSTOMER_CONTENT and data_class in self.settings.exempt_classes


@lru_cache(maxsize=64)
def _ctx_from_json(config_json: str, source: str) -> Ctx:
    values = json.loads(config_json)
    settings: PackSettings = PackSettings.parse(values, source)
    zone = settings.resolved_zone
    partitions = frozenset(p for r in zone.regions if (p := model.partition_of(r)))
    return Ctx(settings, zone, settings.countries, partitions)


#: Policy name -> (the configuration values last seen, their Ctx). The SDK hands every policy a shallow copy of
#: the same configuration on every call, so the values are the very same objects until the next ``Configure``;
#: holding them here keeps their ids from being reused by other objects.
_CTX_BY_IDENTITY: dict[str, tuple[tuple[tuple[str, Any], ...], Ctx]] = {}


def ctx_from(config: Mapping[str, Any], policy_name: str) -> Ctx:
    """Validate a policy's configuration (the pack-level schema) or raise :class:`ConfigError`.

    Parsing is cached per distinct configuration so that 10,000 resources cost one validation. The SDK's
    ``Configure`` accepts any configuration without looking at it, so a bad value surfaces here, on the first
    ``Analyze``: the exception fails the call and the engine shows the :class:`ConfigError` text.
    """
    items = tuple(config.items()) if isinstance(config, dict) else None
    if items is not None:
        # Fast path: the same value objects as last time for this policy give the same Ctx (no JSON round trip).
        seen = _CTX_BY_IDENTITY.get(policy_name)
        if seen is not None and len(seen[0]) == len(items) and all(
            k1 == k2 and v1 is v2 for (k1, v1), (k2, v2) in zip(seen[0], items, strict=True)
        ):
            return seen[1]
    try:
        config_json = json.dumps(plain(config), sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"Invalid configuration of policy {policy_name!r}: not JSON ({exc}).") from None
    ctx = _ctx_from_json(config_json, f"the configuration of policy {policy_name!r}")
    if items is not None:
        _CTX_BY_IDENTITY[policy_name] = (items, ctx)
    return ctx


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
        properties[key] = entry
    return PolicyConfigSchema(properties=properties)


# ------------------------------------------------------------------------------------------------------------
# Subjects: a resource as the policies see it
# ------------------------------------------------------------------------------------------------------------


class _ProviderLike(Protocol):
    name: str
    urn: str
    props: Mapping[str, Any]


class _ResourceLike(Protocol):
    resource_type: str
    name: str
    urn: str
    props: Mapping[str, Any]

    @property
    def provider(self) -> _ProviderLike | None: ...


@dataclass(frozen=True)
class ProviderView:
    """The provider of a resource: its name and plain inputs."""

    name: str
    urn: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class Subject:
    """One resource with plain properties: inputs in ``Analyze``, outputs in ``AnalyzeStack``."""

    type: str
    name: str
    urn: str
    props: Mapping[str, Any]
    provider: ProviderView | None
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def classification(self) -> catalog.Classification:
        """The catalog's classification of the type."""
        return catalog.classify(self.type)


def subject_of(resource: _ResourceLike) -> Subject:
    """Build a :class:`Subject` from ``ResourceValidationArgs`` or a stack ``PolicyResource``."""
    provider = None
    if resource.provider is not None:
        p = resource.provider
        provider = ProviderView(str(p.name), str(p.urn), as_mapping(plain(p.props)))
    deps: dict[str, tuple[str, ...]] = {}
    for prop, resources in (getattr(resource, "property_dependencies", None) or {}).items():
        deps[str(prop)] = tuple(str(r.urn) for r in resources)
    subject = Subject(str(resource.resource_type), str(resource.name), str(resource.urn),
                      as_mapping(plain(resource.props)), provider, deps)
    _remember_bucket(subject)
    return subject


# ------------------------------------------------------------------------------------------------------------
# Effective region
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionVerdict:
    """Where a resource runs: a known ``region``, or why not (``problem`` or ``undetermined``), or global."""

    region: str | None = None
    source: str = ""
    problem: str | None = None
    undetermined: str | None = None
    is_global: bool = False


def where(region: str) -> str:
    """``us-east-1 (United States)``: a known region and the country it stands in."""
    found = model.regions().get(region)
    country = found.country if found else None
    return f"{region} ({model.country_name(country)})" if country else region


def _suggestion(value: str) -> str:
    close = difflib.get_close_matches(value.strip().lower(), list(model.regions()), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def judge_region(value: Any, source: str) -> RegionVerdict:
    """Judge a region value: exactly a known region, unknown, or a problem (the raw value is never echoed)."""
    if value is UNKNOWN:
        return RegionVerdict(source=source, undetermined=f"{source} is unknown during preview")
    if model.is_region(value):
        return RegionVerdict(region=str(value), source=source)
    if isinstance(value, str) and value.strip():
        return RegionVerdict(source=source, problem=(
            f"{source} is not exactly the name of an AWS region{_suggestion(value)}; region names are "
            f"matched exactly (no case folding or trimming), so it counts as outside the zone"))
    return RegionVerdict(source=source, problem=f"{source} is empty or not a string")


def _is_cloudfront_scoped_waf(subject: Subject) -> bool:
    # WAFv2 objects with scope CLOUDFRONT must be created in us-east-1: they belong to the global service.
    return catalog.module_of(subject.type) == "wafv2" and subject.props.get("scope") == "CLOUDFRONT"


def effective_region(subject: Subject) -> RegionVerdict:
    """The region a resource lives in: its own ``region`` input, else its provider's ``region``.

    A provider resource is judged on its own ``region``; a global type has no region (``is_global``).
    """
    if subject.type == catalog.AWS_PROVIDER:
        return _provider_region(subject.name, subject.props)
    if catalog.is_global(subject.type) or _is_cloudfront_scoped_waf(subject):
        return RegionVerdict(is_global=True)
    own = subject.props.get("region")
    if own is not None:
        return judge_region(own, "the resource's `region`")
    if subject.provider is None:
        return RegionVerdict(undetermined="the resource has no provider, so its region cannot be known")
    return _provider_region(subject.provider.name, subject.provider.props)


def _provider_region(name: str, props: Mapping[str, Any]) -> RegionVerdict:
    source = f"the `region` of provider {name!r}"
    value = props.get("region")
    if value is None or value == "":
        return RegionVerdict(source=source, problem=(
            f"provider {name!r} has no `region`, so AWS would take the region from the environment "
            f"(AWS_REGION or the profile) and residency cannot be checked; set `aws:region` or the "
            f"provider's `region`"))
    return judge_region(value, source)


# ------------------------------------------------------------------------------------------------------------
# Data class
# ------------------------------------------------------------------------------------------------------------


def data_class(subject: Subject, tag_key: str) -> str:
    """The data class a resource declares: its ``tags`` over ``tagsAll`` over the provider's ``defaultTags``.

    Any unknown tag map counts as customer content: it might carry the tag key with any value.
    """
    provider_tags: Any = {}
    if subject.provider is not None:
        default_tags = subject.provider.props.get("defaultTags")
        provider_tags = UNKNOWN if default_tags is UNKNOWN else parse_json_object(default_tags).get("tags")
    merged: dict[str, Any] = {}
    for source in (provider_tags, subject.props.get("tagsAll"), subject.props.get("tags")):
        if source is UNKNOWN:
            return model.CUSTOMER_CONTENT
        merged.update(as_mapping(source))
    return model.data_class_of(merged, tag_key)


# ------------------------------------------------------------------------------------------------------------
# S3 buckets seen earlier in this pack process
# ------------------------------------------------------------------------------------------------------------

#: Bucket name -> region of S3 buckets analysed earlier by this pack process. The engine starts one pack
#: process per preview or update and analyses a resource before anything that consumes its outputs, so a
#: replication rule whose destination is a bucket of the same deployment finds the bucket here. S3 bucket ARNs
#: carry no region; without this a resource policy could never decide one.
_KNOWN_BUCKETS: dict[str, str] = {}


def _remember_bucket(subject: Subject) -> None:
    if subject.type not in catalog.S3_BUCKET_TYPES:
        return
    name = subject.props.get("bucket")
    verdict = effective_region(subject)
    if isinstance(name, str) and name and verdict.region:
        _KNOWN_BUCKETS[name] = verdict.region


def known_bucket_region(name: str) -> str | None:
    """The region of a bucket analysed earlier in this process, if any."""
    return _KNOWN_BUCKETS.get(name)


def forget_buckets() -> None:
    """Clear the bucket memory (tests)."""
    _KNOWN_BUCKETS.clear()


# ------------------------------------------------------------------------------------------------------------
# Findings and reporting
# ------------------------------------------------------------------------------------------------------------

UNDETERMINED_PREFIX: Final = "Undetermined: "


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found; ``undetermined`` when it depends on a value nobody knows yet."""

    message: str
    undetermined: bool = False
    urn: str | None = None


def violation(message: str, urn: str | None = None) -> Finding:
    """A definite violation."""
    return Finding(message, False, urn)


def undetermined(message: str, urn: str | None = None) -> Finding:
    """A decision that depends on unknown values; the message starts with ``Undetermined:``."""
    return Finding(UNDETERMINED_PREFIX + message, True, urn)


ResourceCheck = Callable[[Subject, Ctx], Iterable[Finding]]


def report_findings(findings: Iterable[Finding], ctx: Ctx, report: ReportViolation) -> None:
    """Report findings under the calling policy; undetermined ones only when configured as mandatory.

    With ``undeterminedIsMandatory: false`` the undetermined findings are reported by the advisory
    ``residency-undetermined`` policies instead (the SDK gives a policy one enforcement level, so the level of
    a finding is chosen by choosing the policy that reports it).
    """
    for finding in findings:
        if finding.undetermined and not ctx.settings.undetermined_is_mandatory:
            continue
        report(finding.message, finding.urn)


@dataclass(frozen=True)
class PolicyMeta:
    """What the README table and ``residency explain`` read about a policy, besides the SDK object."""

    name: str
    scope: str  # "resource" or "stack"
    level: EnforcementLevel
    resource_types: tuple[str, ...]

    def covers(self, type_token: str) -> bool:
        """Whether the policy looks at resources of this type."""
        if type_token in self.resource_types:
            return True
        return ALL_AWS_TYPES in self.resource_types and catalog.is_aws_type(type_token)


#: Marker in ``resource_types`` for a policy that looks at every pulumi-aws resource type.
ALL_AWS_TYPES: Final = "aws:*"

#: Remediation text shared by the undetermined routing.
UNDETERMINED_REMEDIATION: Final = (
    "Make the deciding value known at preview (a literal region, an ARN built from known parts, or a "
    "reference to a resource of this stack), or run `pulumi up` so that the values are resolved."
)


def endpoint_types(props: Mapping[str, Any]) -> Any:
    """``endpointConfiguration.types`` as a list, ``UNKNOWN``, or ``None`` when absent or malformed.

    pulumi-aws 7 takes a single string (``"REGIONAL"``); earlier major versions took a list. Both are read.
    """
    config = props.get("endpointConfiguration")
    if config is UNKNOWN:
        return UNKNOWN
    types = config.get("types") if isinstance(config, Mapping) else None
    if types is UNKNOWN:
        return UNKNOWN
    if isinstance(types, str):
        return [types]
    return types if isinstance(types, list) else None
