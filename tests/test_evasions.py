"""The evasion corpus, end to end: every program in tests/evasions must fail ``residency check``.

Each case is a Pulumi Python program that moves customer data or request processing out of the zone, or
exposes an endpoint to unsupported countries, in one realistic way. The ``residency`` console script runs it
under mocks and through the policy pack in a subprocess, exactly as a user would; the test asserts exit code 1
and a mandatory finding of the manifest's policy on the offending resource. The cases run two at a time in one
module-scoped fixture (each is a separate process, so a thread pool is enough to overlap them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parent / "evasions"
MANIFEST: Mapping[str, Mapping[str, str]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
RESIDENCY = Path(sys.executable).with_name("residency")

#: Seconds one case may take (the program and the pack each get the CLI's --timeout).
CASE_TIMEOUT = 120


@dataclass(frozen=True)
class Outcome:
    """What ``residency check --format json`` did with one case."""

    returncode: int
    report: Mapping[str, Any] | None
    stderr: str


def run_case(folder: str) -> Outcome:
    """``residency check tests/evasions/<folder> --stack dev --format json`` in a subprocess.

    A case that needs a non-default pack configuration (a rule whose default level is advisory) carries it in
    ``policy-config.json``, passed as ``--policy-config``.
    """
    config = CORPUS / folder / "policy-config.json"
    extra = ["--policy-config", str(config)] if config.is_file() else []
    completed = subprocess.run(
        [str(RESIDENCY), "check", str(CORPUS / folder), "--stack", "dev", "--format", "json",
         "--timeout", str(CASE_TIMEOUT), *extra],
        capture_output=True,
        text=True,
        timeout=CASE_TIMEOUT * 3,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except ValueError:
        report = None
    return Outcome(completed.returncode, report, completed.stderr)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    """Every case's outcome, two cases at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(MANIFEST, pool.map(run_case, MANIFEST), strict=True))


def test_corpus_is_complete() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == set(MANIFEST), "every case folder is in cases.json and every entry has a folder"
    assert len(MANIFEST) >= 25
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for folder, expected in MANIFEST.items():
        assert f"`{folder}`" in readme
        assert f"`{expected['policy']}`" in readme
        for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
            assert (CORPUS / folder / name).is_file(), f"{folder}/{name}"
        assert "runtime: python" in (CORPUS / folder / "Pulumi.yaml").read_text(encoding="utf-8")
        assert "aws:region: eu-west-3" in (CORPUS / folder / "Pulumi.dev.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", sorted(MANIFEST))
def test_evasion_is_caught(folder: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[folder]
    expected = MANIFEST[folder]
    assert outcome.report is not None, f"no JSON report (exit {outcome.returncode}): {outcome.stderr[-2000:]}"
    assert outcome.returncode == 1, (outcome.returncode, outcome.stderr[-2000:])
    findings = [*outcome.report["violations"], *outcome.report["undetermined"]]
    caught = [
        f for f in findings
        if f["policy"] == expected["policy"]
        and f["level"] == "mandatory"
        and f["urn"].endswith(f"::{expected['resource']}")
    ]
    assert caught, json.dumps(findings, indent=2)
