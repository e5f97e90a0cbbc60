"""``examples/ci/github-actions.yml`` stays a working example of both ways to run the pack in CI."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from cli_harness import REPO_ROOT

WORKFLOW = REPO_ROOT / "examples" / "ci" / "github-actions.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    document = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if str(s.get("uses", "")).startswith(action)]


def test_two_jobs_with_least_privilege(workflow: dict[Any, Any]) -> None:
    assert set(workflow["jobs"]) == {"preview", "offline"}
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["preview"]["permissions"]["id-token"] == "write"
    assert workflow["jobs"]["offline"]["permissions"]["security-events"] == "write"
    assert "id-token" not in workflow["jobs"]["offline"]["permissions"]


def test_preview_job_runs_the_pack_from_the_project_virtualenv(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["preview"]
    (pulumi,) = steps_using(job, "pulumi/actions@")
    assert pulumi["with"]["command"] == "preview"
    assert pulumi["with"]["policyPacks"] == "policies"
    (aws,) = steps_using(job, "aws-actions/configure-aws-credentials@")
    assert "role-to-assume" in aws["with"]
    assert not any("aws-access-key-id" in (s.get("with") or {}) for s in job["steps"])
    scripts = [s.get("run", "") for s in job["steps"]]
    activate = next(i for i, script in enumerate(scripts) if "GITHUB_PATH" in script)
    assert ".venv/bin" in scripts[activate]
    assert activate < job["steps"].index(pulumi)


def test_offline_job_uploads_sarif_even_when_the_check_fails(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["offline"]
    check = next(s for s in job["steps"] if "residency check" in s.get("run", ""))
    assert "--format sarif --output residency.sarif" in check["run"]
    assert check["continue-on-error"] is True
    (upload,) = steps_using(job, "github/codeql-action/upload-sarif@")
    assert "always()" in upload["if"]
    assert upload["with"]["sarif_file"] == "residency.sarif"
    last = job["steps"][-1]
    assert "always()" in last["if"]
    assert "exit 1" in last["run"]
    assert job["steps"].index(upload) < job["steps"].index(last)
