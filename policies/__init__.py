"""The residency CrossGuard policy pack: every policy, its metadata, and the generated policy table.

``POLICIES`` is what the pack's ``__main__.py`` hands to ``PolicyPack``; tests build the SDK's analyzer
servicer from the same list. Import this package freely: nothing here starts a server.
"""

from __future__ import annotations

from pulumi_policy import Policy

from residency import catalog

from . import exposure, keyless, region, side_doors, undetermined
from ._context import ALL_AWS_TYPES, PolicyMeta
from ._registry import REGISTRY, Registered

#: The name the pack is published under.
PACK_NAME = "residency"

#: The order of areas in the pack and the README table (the undetermined routing policies come last).
AREA_ORDER = ("residency", "side-door", "exposure", "keyless", "stateless")


def _order(entry: Registered) -> tuple[bool, int]:
    area = next((i for i, a in enumerate(AREA_ORDER) if entry.meta.name.startswith(f"{a}-")), len(AREA_ORDER))
    return entry.meta.name.startswith(undetermined.UNDETERMINED), area


REGISTRY[:] = sorted(REGISTRY, key=_order)  # stable: definition order within an area

#: Every policy of the pack, in table order.
POLICIES: list[Policy] = [entry.policy for entry in REGISTRY]

#: Policy metadata by name.
METADATA: dict[str, PolicyMeta] = {entry.meta.name: entry.meta for entry in REGISTRY}

__all__ = [
    "METADATA",
    "PACK_NAME",
    "POLICIES",
    "REGISTRY",
    "Registered",
    "exposure",
    "keyless",
    "policies_for",
    "policy_table_markdown",
    "region",
    "side_doors",
    "undetermined",
]


def policies_for(type_token: str) -> list[PolicyMeta]:
    """The policies that look at resources of a type (for ``residency explain``)."""
    return [entry.meta for entry in REGISTRY if entry.meta.covers(type_token)]


def _types_cell(meta: PolicyMeta) -> str:
    shown = []
    for token in meta.resource_types:
        shown.append("every `aws:*` type" if token == ALL_AWS_TYPES else f"`{token}`")
    return ", ".join(shown)


def policy_table_markdown() -> str:
    """The README's policy table: name, default level, severity, what it checks, resource types."""
    lines = [
        "| Policy | Level | Severity | Checks | Resource types |",
        "| --- | --- | --- | --- | --- |",
    ]
    for entry in REGISTRY:
        policy, meta = entry.policy, entry.meta
        severity = policy.severity.value if policy.severity else ""
        scope = " (stack)" if meta.scope == "stack" else ""
        lines.append(
            f"| `{meta.name}`{scope} | {meta.level.value} | {severity} | {policy.description} | "
            f"{_types_cell(meta)} |"
        )
    return "\n".join(lines) + "\n"


def classify(type_token: str) -> catalog.Classification:
    """Re-export of :func:`residency.catalog.classify` for the CLI."""
    return catalog.classify(type_token)
