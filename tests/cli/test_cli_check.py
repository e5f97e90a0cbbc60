"""``residency check`` end to end: the reference stack, a compliant program, one program per class of violation.

The programs come from :mod:`cli_programs`. Each violation case asserts exit 1, the exact policy on the URN of
the offending resource, and that no *other* resource has a mandatory finding, so a case cannot pass by accident.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_harness import CHECK_FINDING_KEYS, REPO_ROOT, Run, assert_no_secret, findings, run_many
from cli_programs import (
    ADVISORY_EXTRA,
    BASE_RESOURCES,
    CASES,
    PROJECT,
    SECURE_CIPHERTEXT,
    Case,
    mandatory_by_resource,
    urn_name,
    write_program,
)

# ---------------------------------------------------------------------------------------------------------------
# The reference stack
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference_runs() -> dict[str, Run]:
    """The repository's own stack, checked as JSON and as text."""
    root = str(REPO_ROOT)
    json_run, text_run = run_many(
        [["check", root, "--stack", "dev", "--format", "json"], ["check", root, "--stack", "dev"]]
    )
    return {"json": json_run, "text": text_run}


def test_reference_stack_passes_as_json(reference_runs: dict[str, Run]) -> None:
    run = reference_runs["json"]
    assert run.returncode == 0, run.describe()
    document = run.json()
    assert set(document) == {"stack", "project", "resources", "violations", "undetermined"}
    assert document["stack"] == "dev"
    assert document["project"] == "residency-reference"
    assert document["resources"] == 36
    assert document["violations"] == []
    assert document["undetermined"] == []


def test_reference_stack_text_has_a_row_per_resource_and_a_pass_line(reference_runs: dict[str, Run]) -> None:
    run = reference_runs["text"]
    assert run.returncode == 0, run.describe()
    rows = [line for line in run.stdout.splitlines() if "compliant" in line]
    assert len(rows) == 36, run.describe()
    # Every row names its resource by the last part of its URN; the component types show up in the Type column.
    assert any("aws:s3/bucket:Bucket" in row for row in rows)
    assert any("pulumi:pulumi:Stack" in row for row in rows)
    summary = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"PASS 36 resources, \d+ policies: 0 mandatory and 0 advisory violations, 0 undetermined\.", summary
    ), summary


# ---------------------------------------------------------------------------------------------------------------
# Small programs: compliant, advisory only, one per class of violation
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def program_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every program of this module checked once as JSON, the independent runs side by side."""
    root = tmp_path_factory.mktemp("programs")
    commands: dict[str, list[str | Path]] = {
        "compliant": ["check", write_program(root / "compliant"), "--format", "json"],
        "advisory": ["check", write_program(root / "advisory", ADVISORY_EXTRA), "--format", "json"],
        # Text, so the resource names (which come from the config) are visible.
        "compliant-renamed": ["check", root / "compliant", "--stack", "dev", "--config", "bucketPrefix=renamed"],
    }
    for case in CASES:
        commands[case.name] = ["check", write_program(root / case.name, case.extra, region=case.region), "-f", "json"]
    commands["log-group-without-retention-text"] = ["check", root / "log-group-without-retention"]
    default_case = root / "default-provider-region"
    commands["default-provider-fixed-by-config"] = [
        "check",
        default_case,
        "--config",
        "aws:region=eu-west-3",
        "--format",
        "json",
    ]
    return dict(zip(commands, run_many(list(commands.values())), strict=True))


def test_compliant_program_passes(program_runs: dict[str, Run]) -> None:
    run = program_runs["compliant"]
    assert run.returncode == 0, run.describe()
    document = run.json()
    # The only stack file is picked without --stack; the project name comes from Pulumi.yaml.
    assert (document["stack"], document["project"]) == ("dev", PROJECT)
    assert document["resources"] == BASE_RESOURCES
    assert findings(document) == []


def test_advisory_findings_do_not_fail_the_run(program_runs: dict[str, Run]) -> None:
    run = program_runs["advisory"]
    assert run.returncode == 0, run.describe()
    document = run.json()
    assert mandatory_by_resource(document) == {}
    advisories = [(v["policy"], urn_name(v["urn"]), v["level"]) for v in document["violations"]]
    assert ("residency-control-plane", "us-firewall", "advisory") in advisories


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_class_of_violation_fails_with_its_policy(program_runs: dict[str, Run], case: Case) -> None:
    run = program_runs[case.name]
    assert run.returncode == 1, run.describe()
    document = run.json()
    found = [*document["violations"], *document["undetermined"]]  # a bucket of another stack is undetermined
    decided = [v for v in found if v["urn"].endswith(f"::{case.resource}")]
    assert any(v["policy"] == case.policy and v["level"] == "mandatory" for v in decided), run.describe()
    finding = next(v for v in decided if v["policy"] == case.policy)
    assert set(finding) == CHECK_FINDING_KEYS
    assert finding["pack"] == "residency"
    assert finding["urn"].startswith(f"urn:pulumi:dev::{PROJECT}::")
    assert finding["message"]
    # Nothing else in the program is blocking: the case breaks exactly one resource.
    assert set(mandatory_by_resource(document)) == {case.resource}, run.describe()


def test_config_override_wins_over_the_stack_file(program_runs: dict[str, Run]) -> None:
    # The same program that fails on `aws:region: us-east-1` passes when --config moves the default provider.
    fixed = program_runs["default-provider-fixed-by-config"]
    assert fixed.returncode == 0, fixed.describe()
    assert findings(fixed.json()) == []
    assert program_runs["default-provider-region"].returncode == 1


def test_config_override_reaches_the_program(program_runs: dict[str, Run]) -> None:
    # `bucketPrefix` is a project default; --config with a bare key sets `cli-test:bucketPrefix` over it.
    run = program_runs["compliant-renamed"]
    assert run.returncode == 0, run.describe()
    assert "renamed-content" in run.stdout, run.describe()
    assert "renamed-backup" in run.stdout
    assert "cli-content" not in run.stdout
    assert run.stdout.strip().splitlines()[-1].startswith(f"PASS {BASE_RESOURCES} resources")


def test_secure_config_values_are_never_printed(program_runs: dict[str, Run]) -> None:
    for name, run in program_runs.items():
        for text in (run.stdout, run.stderr):
            assert_no_secret(text, "text", [SECURE_CIPHERTEXT], name, pieces=True)


def test_text_format_groups_findings_by_resource(program_runs: dict[str, Run]) -> None:
    run = program_runs["log-group-without-retention-text"]
    assert run.returncode == 1, run.describe()
    row = next((line for line in run.stdout.splitlines() if "forever-logs" in line), "")
    assert "mandatory stateless-log-retention" in row, run.describe()
    assert "aws:cloudwatch/logGroup:LogGroup" in row
    compliant_rows = [line for line in run.stdout.splitlines() if "compliant" in line]
    assert len(compliant_rows) == BASE_RESOURCES, run.describe()
    summary = run.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"FAIL {BASE_RESOURCES + 1} resources"), summary
    assert "1 mandatory and 0 advisory violations" in summary
