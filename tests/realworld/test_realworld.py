"""Real-world-style programs, end to end, in the zone's region (eu-west-3) and outside it (us-east-1).

Each folder is a Pulumi Python project written the way real programs are written (awsx, eks and
aws-apigateway components, lookups, projects with their own virtualenv, poetry or uv toolchains, transforms,
dynamic providers, stack references). ``cases.json`` holds, per case, the verdict (exit code) a faithful
``pulumi preview --policy-pack`` would give in each region.

Projects with their own environment get it made at test time (``setup``: the virtualenv folder), from this
interpreter's packages through a ``.pth`` file, so nothing is installed and no virtualenv is committed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).resolve().parent
MANIFEST: Mapping[str, Mapping[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
RESIDENCY = Path(sys.executable).with_name("residency")
REGIONS = ("eu-west-3", "us-east-1")
TIMEOUT = 120


@dataclass(frozen=True)
class Outcome:
    """What ``residency check --format json`` did with one case in one region."""

    returncode: int
    report: Mapping[str, Any] | None
    stderr: str


def _make_venv(folder: Path) -> None:
    """A virtualenv whose packages are this interpreter's (a .pth file), as `pulumi install` would have made."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = folder / "lib" / version / "site-packages"
    site.mkdir(parents=True, exist_ok=True)
    (site / "tool-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")


def _missing(case: Mapping[str, Any]) -> list[str]:
    return [name for name in case.get("requires", []) if importlib.util.find_spec(name) is None]


def run_case(name: str, region: str, scratch: Path) -> Outcome:
    """Copy the case to ``scratch``, make its environment, run ``residency check`` in ``region``."""
    case = MANIFEST[name]
    project = scratch / f"{name}-{region}"
    shutil.copytree(CORPUS / name, project)
    if case.get("setup"):
        _make_venv(project / case["setup"])
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
    env.update({k: v.format(region=region) for k, v in case.get("env", {}).items()})
    completed = subprocess.run(
        [str(RESIDENCY), "check", str(project), "--stack", "dev", "--config", f"aws:region={region}",
         "--format", "json", "--timeout", str(TIMEOUT)],
        capture_output=True, text=True, timeout=TIMEOUT * 3, check=False, env=env,
    )
    try:
        report = json.loads(completed.stdout)
    except ValueError:
        report = None
    return Outcome(completed.returncode, report, completed.stderr)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Outcome]:
    """Every runnable case in both regions, two at a time."""
    scratch = tmp_path_factory.mktemp("realworld")
    jobs = [(name, region) for name in sorted(MANIFEST) if not _missing(MANIFEST[name]) for region in REGIONS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda job: run_case(job[0], job[1], scratch), jobs)
        return dict(zip(jobs, results, strict=True))


def test_corpus_is_complete() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == set(MANIFEST)
    assert len(MANIFEST) >= 25
    for name, case in MANIFEST.items():
        assert set(case["expected"]) == set(REGIONS), name
        assert "runtime:\n  name: python" in (CORPUS / name / "Pulumi.yaml").read_text(encoding="utf-8")


def _params() -> list[Any]:
    params = []
    for name in sorted(MANIFEST):
        case = MANIFEST[name]
        for region in REGIONS:
            marks = []
            params.append(pytest.param(name, region, marks=marks, id=f"{name}-{region}"))
    return params


@pytest.mark.parametrize(("name", "region"), _params())
def test_verdict(name: str, region: str, outcomes: dict[tuple[str, str], Outcome]) -> None:
    case = MANIFEST[name]
    missing = _missing(case)
    if missing:
        pytest.skip(f"needs the realworld extra ({', '.join(missing)})")
    outcome = outcomes[(name, region)]
    expected = case["expected"][region]
    assert outcome.returncode == expected, (outcome.returncode, outcome.stderr[-3000:], outcome.report)
    if expected == 2:
        # A reason the message names, never a traceback blamed on the program.
        assert "Traceback" not in outcome.stderr
        assert "pulumi install" in outcome.stderr
    else:
        assert outcome.report is not None


def test_remote_components_are_expanded_or_never_compliant(outcomes: dict[tuple[str, str], Outcome]) -> None:
    """A multi-language component is either expanded into its AWS resources, which the pack then checks, or it
    gets a mandatory residency-offline-coverage finding, in both regions."""
    unexpanded = {"awsx-vpc": "awsx:ec2:Vpc", "eks-cluster": "eks:index:Cluster"}
    expanded = {"awsx-alb-fargate": "awsx:lb:ApplicationLoadBalancer$aws:lb/loadBalancer:LoadBalancer",
                "awsx-ecr-image": "awsx:ecr:Repository$aws:ecr/repository:Repository",
                "apigateway-restapi": "aws-apigateway:index:RestAPI$aws:apigateway/restApi:RestApi"}
    checked = 0
    for (name, region), outcome in outcomes.items():
        if outcome.report is None:
            continue
        findings = [*outcome.report["violations"], *outcome.report["undetermined"]]
        if name in unexpanded:
            coverage = [f for f in findings if f["policy"] == "residency-offline-coverage"]
            assert any(f["resource_type"] == unexpanded[name] for f in coverage), name
            assert all(f["level"] == "mandatory" and f["message"].startswith("Not checked offline") for f in coverage)
            assert all("pulumi preview --policy-pack" in f["message"] for f in coverage)
            checked += 1
        if name in expanded:
            # Expanded: nothing is left unseen, and the children are checked (outside the zone they are caught).
            assert not [f for f in findings if f["policy"] == "residency-offline-coverage"], name
            if region == "us-east-1":
                assert any(f"::{expanded[name]}::" in f["urn"] and f["level"] == "mandatory" for f in findings), name
            checked += 1
    if checked == 0:
        pytest.skip("needs the realworld extra (pulumi-awsx, pulumi-eks, pulumi-aws-apigateway)")
