"""State exports of the evasion corpus, for the in-process / engine-protocol equivalence test.

Each program of ``tests/evasions`` runs under mocks (as ``residency check`` runs it), and what it registered is
written as a ``pulumi stack export`` document to ``tests/audit/data/evasion-states/<case>.json``: inputs and
outputs in the state's wire form, ``provider`` references, parents, dependencies and property dependencies.
Secrets alternate between the ``plaintext`` form (``--show-secrets``) and an opaque ``ciphertext``; custom
resources carry the ``__defaults`` key older providers store; the first custom resource also has a pending
deletion copy. Values a preview cannot know stay unknown, so the undetermined paths of the pack are covered too.

Regenerate after changing the corpus (about a minute)::

    .venv/bin/python tests/audit/evasion_states.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from residency.engine import program
from residency.engine.records import UNKNOWN, OpaqueSecret, ResourceRecord, Secret, StackSnapshot
from residency.engine.wire import SECRET_SIG, SIG_KEY, UNKNOWN_STRING
from residency.project import load_project

HERE: Final = Path(__file__).resolve().parent
CORPUS: Final = HERE.parent / "evasions"
OUT: Final = HERE / "data" / "evasion-states"


class _Encoder:
    def __init__(self) -> None:
        self.secrets = 0

    def wire(self, value: Any) -> Any:
        """A property value in the state's wire form (ints stay ints, as in a real export)."""
        if value is UNKNOWN:
            return UNKNOWN_STRING
        if isinstance(value, Secret):
            self.secrets += 1
            if self.secrets % 2:
                return {SIG_KEY: SECRET_SIG, "plaintext": json.dumps(self.wire(value.value))}
            digest = hashlib.sha256(json.dumps(self.wire(value.value), sort_keys=True).encode()).hexdigest()
            return {SIG_KEY: SECRET_SIG, "ciphertext": f"v1:{digest[:16]}:{digest[16:]}EvasionCiphertext"}
        if isinstance(value, OpaqueSecret):
            return {SIG_KEY: SECRET_SIG, "ciphertext": "v1:opaque:EvasionCiphertext"}
        if isinstance(value, Mapping):
            return {str(k): self.wire(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.wire(v) for v in value]
        return value


def export_of(snapshot: StackSnapshot) -> dict[str, Any]:
    """The snapshot as a ``pulumi stack export`` (deployment version 3) document."""
    encoder = _Encoder()
    resources: list[dict[str, Any]] = []
    pending_done = False
    for record in snapshot.resources:
        entry = _entry(record, encoder)
        resources.append(entry)
        if record.custom and not record.is_provider and not pending_done:
            resources.append({**entry, "id": f"{entry.get('id') or 'x'}-old", "delete": True})
            pending_done = True
    return {
        "version": 3,
        "deployment": {
            "manifest": {"time": "2026-01-01T00:00:00Z", "magic": "0" * 64, "version": "v3.200.0"},
            "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:ZXZhc2lvbg==:v1:AAAA:BBBB"}},
            "resources": resources,
        },
    }


def _entry(record: ResourceRecord, encoder: _Encoder) -> dict[str, Any]:
    inputs = dict(record.inputs)
    outputs = dict(inputs)
    # A state's outputs hold the inputs plus what the provider computed; keep known inputs over unknown outputs.
    outputs.update({k: v for k, v in record.outputs.items() if v is not UNKNOWN or k not in inputs})
    if record.custom and not record.is_provider:
        inputs["__defaults"] = []
    entry: dict[str, Any] = {
        "urn": record.urn,
        "custom": record.custom,
        "type": record.type,
        "inputs": encoder.wire(inputs),
        "outputs": encoder.wire(outputs),
    }
    if record.custom:
        entry["id"] = record.id or f"{record.name}-id"
    if record.parent_urn:
        entry["parent"] = record.parent_urn
    if record.provider_urn:
        entry["provider"] = f"{record.provider_urn}::{record.provider_id or 'unknown-id'}"
    if record.dependencies:
        entry["dependencies"] = list(record.dependencies)
    if record.property_dependencies:
        entry["propertyDependencies"] = {k: list(v) for k, v in record.property_dependencies.items()}
    if record.protect:
        entry["protect"] = True
    return entry


def snapshot_of(case: Path) -> StackSnapshot:
    """Run one corpus program under mocks, as ``residency check <case> --stack dev`` does."""
    project = load_project(case, "dev", [])
    return program.run_program(
        project.directory,
        project=project.name,
        stack=project.stack,
        config=dict(project.config),
        secret_keys=set(project.secret_keys),
        timeout=120,
        main=project.main,
    )


def main() -> int:
    """Regenerate every export (and remove those of cases that no longer exist)."""
    OUT.mkdir(parents=True, exist_ok=True)
    cases = sorted(p for p in CORPUS.iterdir() if (p / "Pulumi.yaml").is_file())
    for stale in OUT.glob("*.json"):
        if not (CORPUS / stale.stem).is_dir():
            stale.unlink()
    for case in cases:
        document = export_of(snapshot_of(case))
        (OUT / f"{case.name}.json").write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"{case.name}: {len(document['deployment']['resources'])} resources", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
