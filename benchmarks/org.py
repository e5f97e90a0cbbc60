"""Generate an organisation: a Pulumi DIY backend of many stacks of ``states.export`` size, some with violations.

The backend is laid out as Pulumi writes it with ``meta.yaml`` version 1: ``.pulumi/stacks/<project>/<stack>.json``
holding checkpoints (``{"version": 3, "checkpoint": {"stack", "latest"}}``), compact JSON as the DIY backend
writes it. Stacks are spread over ten projects. Every stack has the resource mix of ``mix.py`` (KMS, S3,
DynamoDB, SQS, IAM, logs, Lambda, API Gateway, WAF, components, providers); every tenth one also has a bucket
pinned to us-east-1 in place of its last resource, a mandatory violation. Generation renders one stack and
rewrites its names as text, so 1,000 stacks of 100 resources take a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from benchmarks import states

PROJECTS: Final = 10
#: One stack in this many carries a violation.
VIOLATION_EVERY: Final = 10


def _violating(document: dict[str, Any]) -> dict[str, Any]:
    resources = document["deployment"]["resources"]
    last = resources[-1]
    stack_urn = resources[0]["urn"]
    urn = f"urn:pulumi:{states.STACK}::{states.PROJECT}::aws:s3/bucket:Bucket::exports-us"
    inputs = {"bucket": "exports-us", "region": "us-east-1", "tags": {"owner": "analytics"}}
    resources[-1] = {
        "urn": urn,
        "custom": True,
        "type": "aws:s3/bucket:Bucket",
        "id": "exports-us",
        "inputs": inputs,
        "outputs": {**inputs, "arn": "arn:aws:s3:::exports-us"},
        "parent": stack_urn,
        "provider": next(r["provider"] for r in reversed(resources) if r.get("provider")),
    }
    del last
    return document


def write_backend(root: Path, stacks: int, resources: int) -> tuple[Path, int]:
    """Write ``stacks`` stacks of ``resources`` resources under ``root``; return the root and the violations."""
    base = states.export(resources)
    templates = {
        False: json.dumps(base["deployment"], separators=(",", ":")),
        True: json.dumps(_violating(states.export(resources))["deployment"], separators=(",", ":")),
    }
    stacks_dir = root / ".pulumi" / "stacks"
    (root / ".pulumi").mkdir(parents=True, exist_ok=True)
    (root / ".pulumi" / "meta.yaml").write_text("version: 1\n", encoding="utf-8")
    violations = 0
    old_prefix = f"urn:pulumi:{states.STACK}::{states.PROJECT}::"
    for index in range(stacks):
        project, stack = f"team-{index % PROJECTS:02d}", f"env-{index:04d}"
        violating = index % VIOLATION_EVERY == 0
        violations += violating
        deployment = templates[violating].replace(old_prefix, f"urn:pulumi:{stack}::{project}::")
        deployment = deployment.replace(f"{states.PROJECT}-{states.STACK}", f"{project}-{stack}")
        folder = stacks_dir / project
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stack}.json").write_text(
            f'{{"version":3,"checkpoint":{{"stack":"organization/{project}/{stack}","latest":{deployment}}}}}',
            encoding="utf-8",
        )
    return root, violations


def stack_files(root: Path) -> list[Path]:
    """Every stack file of a generated backend."""
    return sorted((root / ".pulumi" / "stacks").glob("*/*.json"))
