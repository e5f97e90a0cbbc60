"""Policy-pack configuration written once for every policy.

pulumi_policy configures each policy on its own, while the residency settings (zone, supported countries,
exemptions, ...) are pack-wide: the pack refuses a configuration in which two policies disagree. This module
writes the same settings into every policy's entry, for ``--policy-pack-config`` files (``residency
policy-config``) and for the CLI's ``--zone`` and ``--supported-countries``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from residency.config import ConfigError, PackSettings


def policy_names() -> list[str]:
    """The residency pack's policies, in pack order."""
    from residency.policies import RULES

    return [rule.name for rule in RULES]


def for_every_policy(settings: Mapping[str, Any], levels: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A ``--policy-pack-config`` document giving every policy ``settings`` (and the given levels).

    The settings are validated first; a bad value raises :class:`ConfigError` naming the key.
    """
    PackSettings.parse(settings, "the pack settings")
    names = policy_names()
    unknown = sorted(set(levels or {}) - set(names) - {"all"})
    if unknown:
        raise ConfigError(f"Unknown policy {', '.join(map(repr, unknown))}; the pack's policies are "
                          f"{', '.join(names)}.")
    document: dict[str, Any] = {}
    for name in names:
        entry: dict[str, Any] = dict(settings)
        level = (levels or {}).get(name) or (levels or {}).get("all")
        if level:
            entry["enforcementLevel"] = level
        if entry:
            document[name] = entry
    return document


def with_overrides(config: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` (policy name -> entry) with ``overrides`` set in the entry of every residency policy."""
    if not overrides:
        return dict(config)
    merged: dict[str, Any] = {name: dict(entry) for name, entry in config.items()}
    for name in policy_names():
        merged.setdefault(name, {}).update(overrides)
    return merged


def overrides_from(zone: Sequence[str] | None, supported_countries: Sequence[str] | None) -> dict[str, Any]:
    """The pack settings the CLI options give (validated), or nothing."""
    values: dict[str, Any] = {}
    if zone:
        values["zone"] = list(zone)
    if supported_countries:
        values["supportedCountries"] = list(supported_countries)
    if values:
        PackSettings.parse(values, "the command line")
    return values
