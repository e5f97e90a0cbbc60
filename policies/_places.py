"""Where things are: the validated settings, effective regions, and the data class a resource declares.

A region is judged exactly: a value is a region only if it is the name of a region botocore knows, spelled as
AWS spells it. A region that botocore knows but the residency model has not yet placed in a country is
undetermined (fail closed), and the message says so.
"""

from __future__ import annotations

import difflib
import fnmatch
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from publicsuffixlist import PublicSuffixList

from residency import __version__, aws, catalog, model
from residency.config import ExternalBucket, ExternalHost, PackSettings

from ._memory import Memory
from ._values import UNKNOWN, Subject, as_mapping, parse_json_object

# ------------------------------------------------------------------------------------------------------------
# Settings
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ctx:
    """The validated settings of one policy, what the checks derive from them, and the session's memory."""

    settings: PackSettings
    zone: model.Zone
    countries: frozenset[str]
    partitions: frozenset[str]
    zone_countries: frozenset[str]
    memory: Memory

    @classmethod
    def of(cls, settings: PackSettings, memory: Memory) -> Ctx:
        """Derive the zone, countries and partitions once per distinct configuration.

        ``countries`` are the supported countries (exposure); ``zone_countries`` the countries data may go to.
        """
        zone = settings.resolved_zone
        partitions = frozenset(p for r in zone.regions if (p := model.partition_of(r)))
        return cls(settings, zone, settings.countries, partitions, model.zone_countries(zone), memory)

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

    def external_host_country(self, host: str) -> str | None:
        """The country the configuration gives an external host, if it lists it."""
        host = host.lower().rstrip(".")
        for entry in self.settings.external_destinations:
            if isinstance(entry, ExternalHost) and _host_matches(entry.host, host):
                return entry.country
        return None

    def external_bucket_region(self, bucket: str) -> str | None:
        """The region the configuration gives a bucket outside the stack, if it lists it."""
        for entry in self.settings.external_destinations:
            if isinstance(entry, ExternalBucket) and fnmatch.fnmatchcase(bucket, entry.bucket):
                return entry.region
        return None

    def opaque_allowed(self, subject: Subject) -> bool:
        """Whether the configuration allows this opaque resource by name or type."""
        allowed = self.settings.allowed_opaque_resources
        return subject.name in allowed or subject.type in allowed


def _host_matches(pattern: str, host: str) -> bool:
    """``*.example.eu`` matches ``example.eu`` and every host under it; anything else matches exactly."""
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return host == pattern


_PSL: Final = PublicSuffixList()


def public_suffix_known(host: str) -> bool:
    """Whether a host ends in a public suffix the Public Suffix List knows (``.eu``, ``.cloud``; not ``.fifo``)."""
    return _PSL.publicsuffix(host.lower().rstrip("."), accept_unknown=False) is not None


def registrable_domain(host: str) -> str:
    """The registrable domain of a host (``example.co.uk`` for ``a.b.example.co.uk``), for messages.

    Messages name where data goes without the full host or URL, which may carry tenant names or tokens.
    """
    host = host.lower().rstrip(".")
    return _PSL.privatesuffix(host) or host


# ------------------------------------------------------------------------------------------------------------
# Regions
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


def unmapped(region: str) -> bool:
    """Whether botocore knows the region but the residency model does not yet know its country."""
    found = model.regions().get(region)
    return found is not None and found.country is None


def unmapped_message(region: str, source: str) -> str:
    """Why an unmapped region cannot be judged, and what to do about it."""
    return (f"{source} is {region}, a region botocore knows but pulumi-residency {__version__} has not yet "
            "placed in a country, so whether it is in the zone cannot be decided; regions are mapped in the "
            "pulumi-residency release that follows the botocore release adding them")


def judge_region(value: Any, source: str) -> RegionVerdict:
    """Judge a region value: exactly a known region, unknown, or a problem (the raw value is never echoed)."""
    if isinstance(value, str):
        return _judge_region_text(value, source)
    return _judge_region(value, source)


@functools.lru_cache(maxsize=4096)
def _judge_region_text(value: str, source: str) -> RegionVerdict:
    # Verdicts are immutable and depend only on the two strings: every resource of a provider shares one.
    return _judge_region(value, source)


def _judge_region(value: Any, source: str) -> RegionVerdict:
    if value is UNKNOWN:
        return RegionVerdict(source=source, undetermined=f"{source} is unknown during preview")
    if aws.is_offline_placeholder(value):
        return RegionVerdict(source=source, undetermined=(
            f"{source} comes from a lookup that `residency check` answered offline (run `pulumi preview "
            "--policy-pack` for the real value)"))
    if model.is_region(value):
        if unmapped(str(value)):
            return RegionVerdict(source=source, undetermined=unmapped_message(str(value), source))
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

    pulumi-aws 7's Check copies the provider's region into every resource that has a ``region`` input, so in a
    real run the resource's own ``region`` is usually there. A provider resource is judged on its own
    ``region``; a global type has no region (``is_global``).
    """
    if subject.type == catalog.AWS_PROVIDER:
        return provider_region(subject.name, subject.props)
    if catalog.is_global(subject.type) or _is_cloudfront_scoped_waf(subject):
        return RegionVerdict(is_global=True)
    own = subject.props.get("region")
    if own is not None:
        return judge_region(own, "the resource's `region`")
    if subject.provider is None:
        return RegionVerdict(undetermined="the resource has no provider, so its region cannot be known")
    return provider_region(subject.provider.name, subject.provider.props)


def provider_region(name: str, props: Mapping[str, Any]) -> RegionVerdict:
    """The region of a provider's inputs; a provider without one takes it from the environment (refused)."""
    source = f"the `region` of provider {name!r}"
    value = props.get("region")
    if value is None or value == "":
        return RegionVerdict(source=source, problem=(
            f"provider {name!r} has no `region`, so AWS would take the region from the environment "
            f"(AWS_REGION or the profile) and residency cannot be checked; set `aws:region` or the "
            f"provider's `region`"))
    return judge_region(value, source)


# ------------------------------------------------------------------------------------------------------------
# Data classes a resource declares
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Declared:
    """The data class a resource declares through its tags, and how it was found.

    ``known`` is false when the tags that decide it are unknown at preview (the class then counts as customer
    content); ``hint`` names a tag key that matches the data-class tag but for case.
    """

    data_class: str
    known: bool = True
    hint: str | None = None


def _tag_value(tags: Any, key: str) -> tuple[bool, Any]:
    """``(found, value)`` for ``key`` in a tag map; an unknown map is ``(True, UNKNOWN)``."""
    if tags is UNKNOWN:
        return True, UNKNOWN
    mapping = as_mapping(tags)
    if key in mapping:
        return True, mapping[key]
    return False, None


def _case_hint(sources: list[Any], key: str) -> str | None:
    for tags in sources:
        for candidate in as_mapping(tags):
            if isinstance(candidate, str) and candidate != key and candidate.strip().lower() == key.lower():
                return candidate
    return None


def declared_class(subject: Subject, tag_key: str) -> Declared:
    """The data class a resource declares: ``tags``, then the provider's ``defaultTags``, then ``tagsAll``.

    A key in the resource's own ``tags`` wins (it overrides default tags); then the provider's default tags;
    ``tagsAll`` (the provider's merge of both) is read only when it is known, because it is wholly unknown at
    preview as soon as any part is. Anything not a plain non-empty string counts as customer content.
    """
    props = subject.props
    default_tags: Any = {}
    if subject.provider is not None:
        parsed = parse_json_object(subject.provider.props.get("defaultTags"))
        default_tags = UNKNOWN if parsed is UNKNOWN else as_mapping(parsed).get("tags", {})
    hint = _case_hint([props.get("tags"), default_tags, props.get("tagsAll")], tag_key)
    unknown_seen = False
    for source in (props.get("tags"), default_tags, props.get("tagsAll")):
        found, value = _tag_value(source, tag_key)
        if not found:
            continue
        if value is UNKNOWN:
            # The resource's own unknown tags could hold any value for the key; so could unknown default tags.
            unknown_seen = True
            if source is props.get("tagsAll"):
                continue
            break
        if isinstance(value, str) and value:
            return Declared(value, True, hint)
        return Declared(model.CUSTOMER_CONTENT, True, hint)
    if unknown_seen:
        return Declared(model.CUSTOMER_CONTENT, False, hint)
    return Declared(model.CUSTOMER_CONTENT, True, hint)


def tag_hint(declared: Declared, tag_key: str) -> str:
    """A sentence pointing at a tag key that differs from the data-class tag only by case."""
    if not declared.hint:
        return ""
    return (f" A tag key {declared.hint!r} differs from the data-class tag {tag_key!r} only by case; tag keys "
            "are case-sensitive, so it declares nothing.")
