"""The compliant corpus, end to end: every program in tests/compliant must pass ``residency check``.

Each case is a Pulumi Python program that keeps customer data and request processing in the zone in a way
real EU teams do, including the patterns that look like a data flow but are not (us-east-1 certificates for
CloudFront, DNSSEC keys, tags holding ARNs, exempt data classes, replicas inside the zone). A false positive
is a defect: a gate that blocks compliant stacks gets switched off.

The ``residency`` console script runs each case under mocks and through the policy pack in a subprocess,
exactly as a user would (with the case's ``policy-config.json`` when it has one); the test asserts exit code
0, no mandatory finding, and exactly the advisory findings the manifest lists, so that advisories cannot
grow silently. A case the pack wrongly blocks carries an ``xfail`` sentence in the manifest and is marked
``xfail(strict=True)``: it fails only by a mandatory finding (:class:`FalsePositiveError`), and the mark must
go once the pack is fixed. The cases run two at a time in one module-scoped fixture.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from residency.policies import RULES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "compliant"
MANIFEST: Mapping[str, Mapping[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
RESIDENCY = Path(sys.executable).with_name("residency")
POLICIES = frozenset(rule.name for rule in RULES)

#: Seconds one case may take (the program and the pack each get the CLI's --timeout).
CASE_TIMEOUT = 120


class FalsePositiveError(AssertionError):
    """The pack reported a mandatory finding on a compliant case (the only failure ``xfail`` accepts)."""


@dataclass(frozen=True)
class Outcome:
    """What ``residency check --format json`` did with one case, and how long it took."""

    returncode: int
    report: Mapping[str, Any] | None
    stderr: str
    seconds: float


def run_case(folder: str) -> Outcome:
    """``residency check tests/compliant/<folder> --stack dev --format json [--policy-config ...]``."""
    config = CORPUS / folder / "policy-config.json"
    extra = ["--policy-config", str(config)] if config.is_file() else []
    started = time.monotonic()
    completed = subprocess.run(
        [str(RESIDENCY), "check", str(CORPUS / folder), "--stack", "dev", "--format", "json",
         "--timeout", str(CASE_TIMEOUT), *extra],
        capture_output=True,
        text=True,
        timeout=CASE_TIMEOUT * 3,
        check=False,
    )
    seconds = time.monotonic() - started
    try:
        report = json.loads(completed.stdout)
    except ValueError:
        report = None
    return Outcome(completed.returncode, report, completed.stderr, seconds)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    """Every case's outcome, two cases at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(MANIFEST, pool.map(run_case, MANIFEST), strict=True))


def _pack_zone(folder: str) -> list[str]:
    """The zone the case's policy config gives every policy (the pack's default, ``eu``, without one)."""
    config = CORPUS / folder / "policy-config.json"
    if not config.is_file():
        return ["eu"]
    document = json.loads(config.read_text(encoding="utf-8"))
    zones = {json.dumps(entry.get("zone", ["eu"])) for entry in document.values()}
    assert len(zones) == 1, f"{folder}/policy-config.json gives policies different zones"
    assert set(document) == POLICIES, f"{folder}/policy-config.json must configure every policy alike"
    zone: list[str] = json.loads(zones.pop())
    return zone


def test_corpus_is_complete() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == set(MANIFEST), "every case folder is in cases.json and every entry has a folder"
    assert len(MANIFEST) >= 40
    for folder, entry in MANIFEST.items():
        assert set(entry) <= {"family", "description", "zone", "advisory", "xfail"}, folder
        for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
            assert (CORPUS / folder / name).is_file(), f"{folder}/{name}"
        project = yaml.safe_load((CORPUS / folder / "Pulumi.yaml").read_text(encoding="utf-8"))
        assert project["name"] == f"compliant-{folder}"
        assert project["runtime"] == "python"
        assert project["description"] == f"Compliant case: {entry['description']}", folder
        stack = yaml.safe_load((CORPUS / folder / "Pulumi.dev.yaml").read_text(encoding="utf-8"))
        assert isinstance(stack["config"]["aws:region"], str), folder
        program = ast.parse((CORPUS / folder / "__main__.py").read_text(encoding="utf-8"))
        docstring = ast.get_docstring(program) or ""
        assert "AWS pattern:" in docstring, folder
        assert "Why compliant:" in docstring, folder
        assert _pack_zone(folder) == [entry["zone"]], f"{folder}: manifest zone differs from the pack's"
        advisory = entry.get("advisory", [])
        assert advisory == sorted(advisory), folder
        assert set(advisory) <= POLICIES, folder
        assert entry.get("xfail", "x").strip(), folder


def test_readme_is_current() -> None:
    spec = importlib.util.spec_from_file_location("compliant_readme", ROOT / "tools" / "compliant_readme.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(MANIFEST)
    assert (CORPUS / "README.md").read_text(encoding="utf-8") == expected, "run tools/compliant_readme.py"


def _params() -> list[Any]:
    params = []
    for folder in sorted(MANIFEST):
        reason = MANIFEST[folder].get("xfail")
        marks = [pytest.mark.xfail(strict=True, raises=FalsePositiveError, reason=reason)] if reason else []
        params.append(pytest.param(folder, marks=marks, id=folder))
    return params


@pytest.mark.parametrize("folder", _params())
def test_compliant_case_passes(folder: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[folder]
    expected = MANIFEST[folder]
    assert outcome.report is not None, f"no JSON report (exit {outcome.returncode}): {outcome.stderr[-2000:]}"
    assert outcome.returncode in (0, 1), (outcome.returncode, outcome.stderr[-2000:])
    findings = [*outcome.report["violations"], *outcome.report["undetermined"]]
    mandatory = [f for f in findings if f["level"] == "mandatory"]
    if mandatory or outcome.returncode != 0:
        raise FalsePositiveError(f"exit {outcome.returncode}: {json.dumps(mandatory, indent=2)}")
    advisory = sorted(f["policy"] for f in findings if f["level"] == "advisory")
    assert advisory == expected.get("advisory", []), json.dumps(findings, indent=2)
