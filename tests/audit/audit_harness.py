"""Shared helpers of tests/audit: where the state fixtures are, and a combined state of the evasion corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

HERE: Final = Path(__file__).resolve().parent
REPO_ROOT: Final = HERE.parents[1]
#: Real state exports kept in the repository (tests/fixtures/pulumi-state/README.md says where each comes from).
STATES: Path = REPO_ROOT / "tests" / "fixtures" / "pulumi-state"
#: Exports of the evasion corpus' programs (``evasion_states.py`` writes them).
EVASION_STATES: Final = HERE / "data" / "evasion-states"
#: The example policy configurations shipped with the project.
POLICY_CONFIGS: Final = REPO_ROOT / "examples" / "policy-config"


def shared_states() -> list[Path]:
    """The shared real exports."""
    return sorted(STATES.glob("*.json"))


def evasion_states() -> list[Path]:
    """The corpus' exports, one per case."""
    return sorted(EVASION_STATES.glob("*.json"))


def combined_evasion_state() -> dict[str, Any]:
    """Every corpus export in one deployment (URNs differ by project, so nothing collides)."""
    resources: list[Any] = []
    for path in evasion_states():
        resources += json.loads(path.read_text(encoding="utf-8"))["deployment"]["resources"]
    return {"version": 3, "deployment": {"manifest": {}, "resources": resources}}


SIG: Final = "4dabf18193072939515e22adb298388d"
SECRET: Final = "1b47061264138c4ac30d75fd1eb44270"
ASSET: Final = "c44067f5952c0a294b673a41bacd8c17"
ARCHIVE: Final = "0def7320c3a5731c473e5ecbe6d01bc7"
RESOURCE_REF: Final = "5cf8f73096256a8f31e491e813e4eb8e"
UNKNOWN_BOOL: Final = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"


def odd_values_state() -> dict[str, Any]:
    """A small export with every odd wire form a state can hold, and the findings the corpus lacks.

    A provider whose region is a ``plaintext`` secret (us-east-1), a log group without retention, an API
    Gateway method without authorization, nested ``__`` keys, a typed unknown, big integers, an archive of
    assets, a resource reference and an encrypted tag value.
    """
    stack = "urn:pulumi:odd::values::"
    root = f"{stack}pulumi:pulumi:Stack::values-odd"
    provider = f"{stack}pulumi:providers:aws::secret-region"
    ref = f"{provider}::1111"

    def resource(type_: str, name: str, inputs: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "urn": f"{stack}{type_}::{name}",
            "custom": True,
            "type": type_,
            "id": name,
            "inputs": inputs,
            "outputs": {**inputs, "arn": f"arn:aws:logs:us-east-1:123456789012:x/{name}"},
            "parent": root,
            "provider": ref,
            **extra,
        }

    return {
        "version": 3,
        "deployment": {
            "manifest": {},
            "resources": [
                {"urn": root, "custom": False, "type": "pulumi:pulumi:Stack"},
                {
                    "urn": provider,
                    "custom": True,
                    "id": "1111",
                    "type": "pulumi:providers:aws",
                    "inputs": {"region": {SIG: SECRET, "plaintext": '"us-east-1"'}, "version": "7.0.0"},
                },
                resource(
                    "aws:cloudwatch/logGroup:LogGroup",
                    "forever",
                    {"name": "forever", "__defaults": ["name"], "tags": {"__internal": 1, "team": "a"}},
                ),
                resource(
                    "aws:apigateway/method:Method",
                    "open",
                    {"authorization": "NONE", "httpMethod": "GET", "apiKeyRequired": UNKNOWN_BOOL},
                ),
                resource(
                    "aws:lambda/function:Function",
                    "worker",
                    {
                        "code": {SIG: ARCHIVE, "assets": {"index.py": {SIG: ASSET, "text": "print(1)"}}},
                        "memorySize": 9007199254740993,
                        "role": {SIG: RESOURCE_REF, "urn": f"{stack}aws:iam/role:Role::r", "id": "r"},
                        "tags": {"token": {SIG: SECRET, "ciphertext": "v1:abc:def"}},
                        "deadLetterConfig": {"targetArn": "arn:aws:sqs:us-west-2:123456789012:dlq"},
                    },
                    propertyDependencies={"role": [f"{stack}aws:iam/role:Role::r"], "code": []},
                ),
            ],
        },
    }


def checkpoint(document: dict[str, Any], qualified: str) -> dict[str, Any]:
    """An export in the shape a DIY backend stores it: ``{"version", "checkpoint": {"stack", "latest"}}``."""
    return {"version": 3, "checkpoint": {"stack": qualified, "latest": document["deployment"]}}


def backend_files(
    stacks: dict[tuple[str, str], dict[str, Any]], *, gzip_on: bool = False, legacy: bool = False
) -> dict[str, bytes]:
    """The files of a DIY backend holding ``stacks`` ((project, stack) -> export), as Pulumi lays them out.

    With each stack come the things that are not stacks and must be skipped: a ``.bak`` backup next to it, a
    history entry, a backup under ``.pulumi/backups``, a lock, and a retained checkpoint (``.json.<time>``).
    """
    from residency.backends import gzip_bytes

    files: dict[str, bytes] = {}
    if not legacy:
        files[".pulumi/meta.yaml"] = b"version: 1\n"
    for (project, stack), document in stacks.items():
        data = json.dumps(checkpoint(document, f"organization/{project}/{stack}")).encode()
        base = f".pulumi/stacks/{stack}" if legacy else f".pulumi/stacks/{project}/{stack}"
        name = f"{base}.json.gz" if gzip_on else f"{base}.json"
        files[name] = gzip_bytes(data) if gzip_on else data
        files[f"{name}.bak"] = b"{not even json"
        files[f"{base}.json.1700000000000000000"] = b"{not even json"
        history = f".pulumi/history/{stack}" if legacy else f".pulumi/history/{project}/{stack}"
        files[f"{history}/{stack}-1700000000.checkpoint.json"] = b"{not even json"
        files[f".pulumi/backups/{project}/{stack}/{stack}.1700000000.json"] = b"{not even json"
        files[f".pulumi/locks/organization/{project}/{stack}/lock.json"] = b"{not even json"
    return files


def write_tree(root: Path, files: dict[str, bytes]) -> Path:
    """Write ``files`` (relative path -> bytes) under ``root``."""
    for relative, data in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def sample_stacks() -> dict[tuple[str, str], dict[str, Any]]:
    """Three stacks of two projects: two shared real exports and the odd-values state."""
    states = shared_states()
    return {
        ("payments", "prod"): json.loads(states[0].read_text(encoding="utf-8")),
        ("payments", "staging"): json.loads(states[1].read_text(encoding="utf-8")),
        ("identity", "prod"): odd_values_state(),
    }
