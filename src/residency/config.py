"""Validated configuration: the stack settings the components read and the settings of the policy pack.

Both are frozen pydantic models that forbid unknown keys. Bad input becomes one :class:`ConfigError` whose
message is a single paragraph naming the key, the bad value and what is allowed; never a traceback and never a
silent default.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel

from residency import model

#: CloudWatch Logs accepts only these retention periods (days).
LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)


class ConfigError(ValueError):
    """Configuration that cannot be used; the message is one paragraph a person can act on."""


def _split(value: Any) -> Any:
    """Accept ``"fr,de"`` as well as ``["fr", "de"]``: Pulumi config values are often plain strings."""
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.split(",")) if part]
    return value


def _region(value: str) -> str:
    return model.region(value).name


def _country_specs(value: list[str]) -> tuple[str, ...]:
    model.expand_countries(value)  # validates every code and group
    return tuple(v.strip().upper() for v in value)


def _zone_specs(value: list[str]) -> tuple[str, ...]:
    return model.resolve_zone(value).spec


def _account_id(value: str) -> str:
    if not re.fullmatch(r"\d{12}", value):
        raise ValueError(f"{value!r} is not an AWS account id (twelve digits)")
    return value


def _retention(value: int) -> int:
    if value not in LOG_RETENTION_DAYS:
        raise ValueError(
            f"{value} is not a CloudWatch Logs retention; allowed: {', '.join(map(str, LOG_RETENTION_DAYS))}"
        )
    return value


RegionName = Annotated[str, AfterValidator(_region)]
"""An AWS region known to botocore, spelled exactly."""

ZoneSpec = Annotated[list[str], BeforeValidator(_split), AfterValidator(_zone_specs)]
"""Zone tokens: groups (eu, eea), country codes, partitions or region names."""

CountrySpec = Annotated[list[str], BeforeValidator(_split), AfterValidator(_country_specs)]
"""ISO 3166-1 alpha-2 codes and country groups (EU, EEA)."""

AccountId = Annotated[str, AfterValidator(_account_id)]
ExemptClasses = Annotated[list[str], BeforeValidator(_split), AfterValidator(model.validate_exempt_classes)]


class _Settings(BaseModel):
    """What the stack settings and the pack settings share, and how both are parsed."""

    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)

    #: The namespace these keys live in, for messages (``residency:zone``).
    namespace: ClassVar[str] = ""

    # The keys the stack and the pack share: where data may live, who may call, and how data is classified.
    zone: ZoneSpec = Field(default=list(model.DEFAULT_ZONE), description="Where customer content may live.")
    supported_countries: CountrySpec = Field(
        default=list(model.DEFAULT_SUPPORTED_COUNTRIES),
        description="Countries endpoints may be exposed to (codes and groups).",
    )
    data_class_tag: str = Field(
        default=model.DEFAULT_DATA_CLASS_TAG, min_length=1, description="Tag key that carries a resource's data class."
    )

    @property
    def resolved_zone(self) -> model.Zone:
        """The zone as a set of regions."""
        return model.resolve_zone(self.zone)

    @property
    def countries(self) -> frozenset[str]:
        """The supported countries, groups expanded."""
        return model.expand_countries(self.supported_countries)

    @classmethod
    def parse(cls, values: Mapping[str, Any], source: str) -> Self:
        """Validate ``values`` (camelCase keys as written in config) or raise one readable :class:`ConfigError`."""
        try:
            return cls.model_validate(dict(values))
        except ValidationError as exc:
            raise ConfigError(describe_errors(exc, source, cls.namespace, values)) from None


class StackSettings(_Settings):
    """What the components and the reference stack read from the ``residency:`` stack config namespace."""

    namespace: ClassVar[str] = "residency"

    region: RegionName | None = Field(
        default=None, description="The region to deploy into; defaults to aws:region. Must be in the zone."
    )
    allowed_account_ids: list[AccountId] = Field(
        default_factory=list, description="AWS accounts the provider may act in; empty means any."
    )
    log_retention_days: Annotated[int, AfterValidator(_retention)] = Field(
        default=7, description="Retention of every log group the components create."
    )

    @model_validator(mode="after")
    def _region_in_zone(self) -> StackSettings:
        if self.region is not None and self.region not in self.resolved_zone:
            raise ValueError(
                f"region {self.region!r} ({model.region(self.region).description}) is outside the residency zone "
                f"{self.resolved_zone.label!r}, whose regions are {', '.join(sorted(self.resolved_zone.regions))}"
            )
        return self


def _host_pattern(value: str) -> str:
    pattern = value.strip().lower()
    bare = pattern.removeprefix("*.")
    if not bare or "*" in bare or "/" in bare or ":" in bare or "." not in bare:
        raise ValueError(
            f"{value!r} is not a host name or a '*.'-prefixed domain (for example 'api.example.eu' or "
            "'*.datadoghq.eu'); write the host only, without scheme, path or port"
        )
    return pattern


def _bucket_pattern(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9*][a-z0-9.*-]{0,62}", value):
        raise ValueError(f"{value!r} is not an S3 bucket name (lower case letters, digits, '.', '-', '*')")
    return value


class ExternalHost(BaseModel):
    """A destination outside AWS that may receive data: a host (or ``*.`` domain) and the country it is in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: Annotated[str, AfterValidator(_host_pattern)] = Field(description="A host name or '*.domain'.")
    country: Annotated[str, AfterValidator(model.country)] = Field(description="ISO 3166-1 code of its country.")


class ExternalBucket(BaseModel):
    """An S3 bucket outside the stack (bucket ARNs carry no region) and the region it is in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bucket: Annotated[str, AfterValidator(_bucket_pattern)] = Field(description="A bucket name; '*' matches any run.")
    region: RegionName = Field(description="The region the bucket is in.")


def _destination_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return "bucket" if isinstance(value, ExternalBucket) else "host"
    if isinstance(value, Mapping):
        if "host" in value:
            return "host"
        if "bucket" in value:
            return "bucket"
    return None


ExternalDestination = Annotated[
    Annotated[ExternalHost, Tag("host")] | Annotated[ExternalBucket, Tag("bucket")],
    Discriminator(
        _destination_kind,
        custom_error_type="destination",
        custom_error_message="an external destination is {host, country} or {bucket, region}",
    ),
]


class PackSettings(_Settings):
    """The settings every policy of the residency pack reads (the pack-level schema)."""

    exempt_classes: ExemptClasses = Field(
        default=list(model.DEFAULT_EXEMPT_CLASSES),
        description="Data classes that may be stored outside the zone; never customer-content.",
    )
    undetermined_is_mandatory: bool = Field(
        default=True, description="Report a residency decision that depends on unknown values as mandatory."
    )
    external_destinations: list[ExternalDestination] = Field(
        default_factory=list,
        description="Places outside the stack that may receive data: {host, country} for hosts outside AWS, "
        "{bucket, region} for S3 buckets of other stacks.",
    )
    allowed_opaque_resources: list[str] = Field(
        default_factory=list,
        description="Resource names or type tokens of dynamic-provider, command and other resources the pack "
        "cannot see into, reviewed and allowed by the security team.",
    )


def describe_errors(exc: ValidationError, source: str, namespace: str, values: Mapping[str, Any]) -> str:
    """Turn pydantic's errors into one paragraph: key, bad value, what is allowed."""
    parts = []
    for error in exc.errors():
        location = _without_tags(error["loc"])
        key = _key_of(location)
        full_key = f"{namespace}:{key}" if namespace else key
        message = error["msg"].removeprefix("Value error, ")
        if not location:
            parts.append(message.rstrip("."))
        elif error["type"] == "extra_forbidden":
            if len(location) == 1:
                known = sorted(f.alias or n for n, f in _fields_of(exc.title).items())
                hint = difflib.get_close_matches(key, known, n=1)
                suggestion = f", did you mean {hint[0]!r}?" if hint else ""
                parts.append(f"unknown key {full_key!r}{suggestion} (known keys: {', '.join(known)})")
            else:
                parts.append(f"unknown key {full_key!r}")
        elif error["type"] == "missing":
            parts.append(f"{full_key!r} is required")
        else:
            raw = _value_at(values, location)
            shown = f" = {raw!r}" if raw is not None and not isinstance(raw, Mapping | list) else ""
            parts.append(f"{full_key}{shown}: {message.rstrip('.')}")
    text = "; ".join(parts)
    return f"Invalid configuration in {source}: {text}{'' if text.endswith(('?', '.')) else '.'}"


def _without_tags(location: tuple[int | str, ...]) -> list[int | str]:
    # A discriminated union puts its tag in the location (externalDestinations.0.host.host): drop the tag.
    kept: list[int | str] = []
    for index, part in enumerate(location):
        if part in ("host", "bucket") and index > 0 and isinstance(location[index - 1], int):
            continue
        kept.append(part)
    return kept


def _key_of(location: list[int | str]) -> str:
    key = ""
    for part in location:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else str(part))
    return key


def _value_at(values: Mapping[str, Any], location: list[int | str]) -> Any:
    node: Any = values
    for part in location:
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        in_mapping = isinstance(part, str) and isinstance(node, Mapping) and part in node
        if not (in_list or in_mapping):
            return None
        node = node[part]
    return node


def _fields_of(title: str) -> dict[str, Any]:
    for cls in (StackSettings, PackSettings):
        if cls.__name__ == title:
            return dict(cls.model_fields)
    return {}
