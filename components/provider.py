"""PinnedProvider: the explicit AWS provider of every resident component, pinned to a region of the zone."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from residency import model
from residency.config import ConfigError, StackSettings

from ._common import TYPE_PREFIX, check_data_class, check_in_zone, refuse

#: The tag that names the residency zone on every resource the pinned provider manages.
ZONE_TAG = "residency-zone"

_KIND = "PinnedProvider"


class PinnedProviderArgs(TypedDict):
    """Arguments of :class:`PinnedProvider`."""

    region: str
    """The region to pin, spelled exactly (``eu-west-3``); it must be one of the zone's regions."""

    zone: NotRequired[model.Zone | str | Sequence[str]]
    """The residency zone: a resolved :class:`residency.model.Zone` or zone tokens (``"eu"``,
    ``["fr", "de"]``). Defaults to ``eu``."""

    data_class_tag: NotRequired[str]
    """The tag key that carries a resource's data class; defaults to ``data-class``."""

    data_class: NotRequired[str]
    """The data class stated by the provider's default tags; defaults to ``customer-content``."""

    allowed_account_ids: NotRequired[Sequence[str]]
    """AWS accounts (twelve digits) the provider may act in; empty or absent means any."""


class PinnedProvider(pulumi.ComponentResource):
    """An explicit ``aws.Provider`` pinned to one region of the residency zone.

    Refuses a region outside the zone at program time. Its default tags state the data class and the zone on
    every taggable resource it manages. Components receive the whole ``PinnedProvider`` (not a bare
    ``aws.Provider``) so they know the region and the zone as plain values while the program runs and can
    refuse unsafe arguments before registering anything.
    """

    provider: aws.Provider
    """The ``aws.Provider`` to pass as ``ResourceOptions(provider=...)``."""

    region: str
    """The pinned region (a plain string, known at program time)."""

    zone: model.Zone
    """The residency zone the region belongs to."""

    zone_label: str
    """The zone as written (``eu``, ``fr+de``)."""

    partition: str
    """The AWS partition of the region (``aws``, ``aws-cn``, ``aws-eusc``, ...)."""

    data_class_tag: str
    """The tag key that carries a resource's data class."""

    data_class: str
    """The data class stated by the default tags."""

    account_id: pulumi.Output[str]
    """The account the provider's credentials act in."""

    def __init__(self, name: str, args: PinnedProviderArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        region, zone, tag_key, data_class, accounts = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)

        self.region = region
        self.zone = zone
        self.zone_label = zone.label
        self.partition = model.region(region).partition
        self.data_class_tag = tag_key
        self.data_class = data_class
        self.provider = aws.Provider(
            f"{name}-aws",
            region=region,
            allowed_account_ids=list(accounts) or None,
            default_tags=aws.ProviderDefaultTagsArgs(tags={tag_key: data_class, ZONE_TAG: zone.label}),
            opts=pulumi.ResourceOptions(parent=self),
        )
        identity = aws.get_caller_identity_output(opts=pulumi.InvokeOutputOptions(provider=self.provider, parent=self))
        self.account_id = identity.account_id

        self.register_outputs(
            {
                "region": self.region,
                "zone_label": self.zone_label,
                "partition": self.partition,
                "data_class_tag": self.data_class_tag,
                "data_class": self.data_class,
                "account_id": self.account_id,
            }
        )

    def options(self, parent: pulumi.Resource) -> pulumi.ResourceOptions:
        """Options for a child of ``parent`` managed by this provider (never the caller's options)."""
        return pulumi.ResourceOptions(parent=parent, provider=self.provider)

    def tags(self, data_class: str | None = None) -> dict[str, str]:
        """The explicit data-class tag for a resource (the provider's data class unless one is given)."""
        return {self.data_class_tag: data_class or self.data_class}


def _validate(name: str, args: PinnedProviderArgs) -> tuple[str, model.Zone, str, str, tuple[str, ...]]:
    raw_zone = args.get("zone", model.DEFAULT_ZONE)
    try:
        zone = raw_zone if isinstance(raw_zone, model.Zone) else model.resolve_zone(raw_zone)
    except model.ResidencyError as err:
        raise refuse(_KIND, name, "zone", str(err)) from None

    region_name = args.get("region")
    if not isinstance(region_name, str):
        raise refuse(
            _KIND,
            name,
            "region",
            f"{region_name!r} is not a region name; use one of {', '.join(sorted(zone.regions))}.",
        )
    try:
        model.region(region_name)
    except model.ResidencyError as err:
        raise refuse(_KIND, name, "region", str(err)) from None
    check_in_zone(_KIND, name, "region", region_name, zone)

    tag_key = args.get("data_class_tag", model.DEFAULT_DATA_CLASS_TAG)
    if not isinstance(tag_key, str) or not tag_key.strip():
        raise refuse(_KIND, name, "data_class_tag", f"{tag_key!r} is not a tag key; use for example 'data-class'.")
    data_class = check_data_class(_KIND, name, args.get("data_class", model.CUSTOMER_CONTENT))

    accounts = tuple(args.get("allowed_account_ids", ()))
    for account in accounts:
        if not isinstance(account, str) or not re.fullmatch(r"\d{12}", account):
            raise refuse(_KIND, name, "allowed_account_ids", f"{account!r} is not an AWS account id (twelve digits).")
    return region_name, zone, tag_key, data_class, accounts


def pinned_provider_args(settings: StackSettings, default_region: str | None, source: str) -> PinnedProviderArgs:
    """Build :class:`PinnedProviderArgs` from validated stack settings and ``aws:region``.

    ``residency:region`` wins over ``aws:region``; the resulting region must be in the zone. Raises
    :class:`residency.config.ConfigError` with one paragraph naming the key that has to change.
    """
    zone = settings.resolved_zone
    key = "residency:region" if settings.region else "aws:region"
    region_name = settings.region or default_region
    if not region_name:
        raise ConfigError(
            f"Invalid configuration in {source}: no region is set; set aws:region (or "
            f"residency:region) to one of the zone's regions: {', '.join(sorted(zone.regions))}."
        )
    try:
        found = model.region(region_name)
    except model.ResidencyError as err:
        raise ConfigError(f"Invalid configuration in {source}: {key} = {region_name!r}: {err}") from None
    if region_name not in zone:
        raise ConfigError(
            f"Invalid configuration in {source}: {key} = {region_name!r} ({found.description}) is outside "
            f"the residency zone {zone.label!r}, whose regions are {', '.join(sorted(zone.regions))}; set "
            f"{key} to one of them."
        )
    return PinnedProviderArgs(
        region=region_name,
        zone=zone,
        data_class_tag=settings.data_class_tag,
        allowed_account_ids=tuple(settings.allowed_account_ids),
    )


def _namespace_values(namespace: str) -> dict[str, Any]:
    """Every ``<namespace>:<key>`` the engine passed to the program, keyed by ``<key>``.

    All keys are read, not only the known ones, so that a misspelt key is reported instead of ignored. Lists
    and objects arrive JSON-encoded (as the engine passes them) and are decoded.
    """
    prefix = f"{namespace}:"
    keys = set(pulumi.runtime.get_config_env()) | set(pulumi.runtime.config.CONFIG.get())
    config = pulumi.Config(namespace)
    values: dict[str, Any] = {}
    for full_key in sorted(k for k in keys if k.startswith(prefix)):
        key = full_key[len(prefix) :]
        raw = config.get(key)
        if raw is not None and raw[:1] in "[{":
            try:
                values[key] = json.loads(raw)
                continue
            except json.JSONDecodeError:
                pass
        values[key] = raw
    return values


def read_stack_settings(source: str) -> StackSettings:
    """Validate the program's ``residency:`` stack configuration; raises :class:`ConfigError` naming the key."""
    return StackSettings.parse(_namespace_values(StackSettings.namespace), source)


def require_pinned(kind: str, name: str, value: object) -> PinnedProvider:
    """The ``provider`` argument of a component, which must be a :class:`PinnedProvider`."""
    if not isinstance(value, PinnedProvider):
        raise refuse(kind, name, "provider", "pass a PinnedProvider.")
    return value
