"""The exposure cases of the compliant corpus, end to end: every ``tests/compliant/exposure-*`` program passes.

Each case is a complete Pulumi Python program that reaches the internet the way the exposure, keyless and
stateless rules accept (a private instance behind a geo-restricted load balancer, a private database, a bucket
served through CloudFront with origin access control, a WebSocket API authorized on ``$connect``, a web ACL that
allows only the EEA next to AWS managed rules, ...). ``residency check`` must exit 0 with no mandatory finding,
decided or not. The cases run two at a time, as the evasion corpus does (see ``tests/test_evasions.py``).
"""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_evasions import CASE_TIMEOUT, RESIDENCY, Outcome

CORPUS = Path(__file__).resolve().parent / "compliant"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name.startswith("exposure-"))


def run_case(folder: str) -> Outcome:
    """``residency check tests/compliant/<folder> --stack dev --format json`` in a subprocess."""
    completed = subprocess.run(
        [str(RESIDENCY), "check", str(CORPUS / folder), "--stack", "dev", "--format", "json",
         "--timeout", str(CASE_TIMEOUT)],
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
        return dict(zip(CASES, pool.map(run_case, CASES), strict=True))


def test_the_exposure_cases_are_complete_projects() -> None:
    assert len(CASES) >= 5
    for folder in CASES:
        for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
            assert (CORPUS / folder / name).is_file(), f"{folder}/{name}"
        assert "runtime: python" in (CORPUS / folder / "Pulumi.yaml").read_text(encoding="utf-8")
        assert "aws:region: eu-west-3" in (CORPUS / folder / "Pulumi.dev.yaml").read_text(encoding="utf-8")
        assert (CORPUS / folder / "__main__.py").read_text(encoding="utf-8").startswith('"""Compliant: ')


@pytest.mark.parametrize("folder", CASES)
def test_compliant_case_passes(folder: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[folder]
    assert outcome.report is not None, f"no JSON report (exit {outcome.returncode}): {outcome.stderr[-2000:]}"
    mandatory = [f for f in (*outcome.report["violations"], *outcome.report["undetermined"])
                 if f["level"] == "mandatory"]
    assert mandatory == [], json.dumps(mandatory, indent=2)
    assert outcome.returncode == 0, (outcome.returncode, outcome.stderr[-2000:])
