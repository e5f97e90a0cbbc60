"""Generate ``pulumi stack export`` (deployment version 3) documents of any size from the resource mix.

The export has what a real one has: the root stack, explicit ``pulumi:providers:aws`` resources (inputs as
strings, as providers store them), component resources as parents, custom resources with inputs and outputs,
``provider`` references ``<urn>::<id>``, ``dependencies`` and ``propertyDependencies``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from benchmarks import mix

PROJECT: Final = "bench"
STACK: Final = "prod"
_TIME: Final = "2025-01-01T00:00:00.000000000Z"


def _urn(type_path: str, name: str) -> str:
    return f"urn:pulumi:{STACK}::{PROJECT}::{type_path}::{name}"


def _provider(index: int) -> dict[str, Any]:
    name = f"eu-{index}"
    provider_id = mix._uuid(f"provider-{index}")
    inputs = {
        "region": mix.REGION,
        "allowedAccountIds": json.dumps([mix.ACCOUNT]),
        "defaultTags": json.dumps({"tags": {"residency:zone": "eu"}}),
        "skipCredentialsValidation": "false",
        "skipRegionValidation": "true",
        "version": "7.51.1",
    }
    return {
        "urn": _urn("pulumi:providers:aws", name),
        "custom": True,
        "id": provider_id,
        "type": "pulumi:providers:aws",
        "inputs": inputs,
        "outputs": dict(inputs),
        "created": _TIME,
        "modified": _TIME,
    }


def _resource(
    spec: mix.Spec, urns: dict[str, str], types: dict[str, str], root_urn: str, provider_ref: str
) -> dict[str, Any]:
    parent_urn = urns[spec.parent] if spec.parent else root_urn
    type_path = f"{types[spec.parent]}${spec.type}" if spec.parent else spec.type
    urn = _urn(type_path, spec.name)
    urns[spec.name] = urn
    types[spec.name] = spec.type
    entry: dict[str, Any] = {"urn": urn, "custom": spec.custom, "type": spec.type}
    if spec.custom:
        property_dependencies = {prop: [urns[d] for d in names] for prop, names in spec.deps.items()}
        entry.update(
            {
                "id": spec.id,
                "inputs": spec.inputs,
                "outputs": {**spec.inputs, "id": spec.id, **spec.computed},
                "parent": parent_urn,
                "provider": provider_ref,
                "dependencies": sorted({u for deps in property_dependencies.values() for u in deps}),
                "propertyDependencies": property_dependencies,
            }
        )
    else:
        entry.update({"parent": parent_urn, "outputs": {}})
    entry.update({"created": _TIME, "modified": _TIME})
    return entry


def export(count: int) -> dict[str, Any]:
    """A stack export of exactly ``count`` resources (root stack and providers included)."""
    root_urn = _urn("pulumi:pulumi:Stack", f"{PROJECT}-{STACK}")
    resources: list[dict[str, Any]] = [
        {"urn": root_urn, "custom": False, "type": "pulumi:pulumi:Stack", "created": _TIME, "modified": _TIME}
    ]
    urns: dict[str, str] = {}
    types: dict[str, str] = {}
    provider_ref = ""
    group = 0
    # Whole groups while they fit (a cut group would leave a stage without its WAF association, a violation),
    # then standalone queues up to the exact size.
    while True:
        needs_provider = group % mix.GROUPS_PER_PROVIDER == 0
        if len(resources) + mix.GROUP_SIZE + int(needs_provider) > count:
            break
        if needs_provider:
            provider = _provider(group // mix.GROUPS_PER_PROVIDER)
            resources.append(provider)
            provider_ref = f"{provider['urn']}::{provider['id']}"
        for spec in mix.group(group):
            resources.append(_resource(spec, urns, types, root_urn, provider_ref))
        group += 1
    if not provider_ref and len(resources) < count:
        provider = _provider(0)
        resources.append(provider)
        provider_ref = f"{provider['urn']}::{provider['id']}"
    while len(resources) < count:
        resources.append(_resource(mix.filler(len(resources)), urns, types, root_urn, provider_ref))
    return {
        "version": 3,
        "deployment": {
            "manifest": {
                "time": _TIME,
                "magic": "0f1c6b4ddc3c27f1b4a6e4a5a8b0a2cbd0d4a8ec0b1b2c3d4e5f60718293a4b5",
                "version": "v3.200.0",
            },
            "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:benchmarksalt:v1:AAAA:BBBB"}},
            "resources": resources,
        },
    }


def write_export(count: int, path: Path) -> Path:
    """Write a stack export of ``count`` resources to ``path`` (indented, as ``pulumi stack export`` does)."""
    path.write_text(json.dumps(export(count), indent=4), encoding="utf-8")
    return path
