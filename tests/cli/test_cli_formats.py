"""The report formats of ``residency check`` on one program with mandatory and advisory findings.

The same program is checked four times (JSON to stdout, SARIF and text to files with ``--output``, JUnit to
stdout); the JSON report is the reference the other formats are compared with.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from cli_harness import CHECK_FINDING_KEYS, Run, findings, run_many
from cli_programs import BASE_RESOURCES, write_program

from residency.policies import RULES

#: Three mandatory violations and one advisory on top of the compliant base.
MIXED_EXTRA = """
us = aws.Provider("us", region="us-east-1")
aws.s3.Bucket("us-bucket", opts=pulumi.ResourceOptions(provider=us))
aws.ec2.SecurityGroup("us-firewall", description="control plane only", opts=pulumi.ResourceOptions(provider=us))
aws.iam.AccessKey("ci-key", user="ci", opts=opts)
aws.cloudwatch.LogGroup("forever-logs", opts=opts)
"""
MIXED_RESOURCES = BASE_RESOURCES + 5
EXPECTED_MANDATORY = {
    ("residency-data-at-rest", "us-bucket"),
    ("keyless-static-credentials", "ci-key"),
    ("stateless-log-retention", "forever-logs"),
}
EXPECTED_ADVISORY = {("residency-control-plane", "us-firewall")}
#: The rules of a check report: the pack's policies and the runner's offline-coverage pseudo-policy.
POLICY_NAMES = [r.name for r in RULES] + ["residency-offline-coverage"]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The runs, the files written with --output, and the JSON reference report."""
    root = tmp_path_factory.mktemp("formats")
    program = write_program(root / "mixed", MIXED_EXTRA)
    sarif_file, text_file = root / "report.sarif", root / "report.txt"
    json_run, sarif_run, junit_run, text_run = run_many(
        [
            ["check", program, "--format", "json"],
            ["check", program, "--format", "sarif", "--output", sarif_file],
            ["check", program, "--format", "junit"],
            ["check", program, "--output", text_file],
        ]
    )
    assert json_run.returncode == 1, json_run.describe()
    return {
        "json": json_run,
        "report": json_run.json(),
        "sarif_run": sarif_run,
        "sarif_file": sarif_file,
        "junit": junit_run,
        "text_run": text_run,
        "text_file": text_file,
    }


def short(urn: str) -> str:
    return urn.rsplit("::", 1)[-1]


def test_json_report_is_the_contract_shape(mixed: dict[str, Any]) -> None:
    report = mixed["report"]
    assert report["resources"] == MIXED_RESOURCES
    for item in findings(report):
        assert set(item) == CHECK_FINDING_KEYS
        assert item["level"] in ("mandatory", "advisory")
        assert item["severity"] in ("low", "medium", "high", "critical")
        assert item["policy"] in POLICY_NAMES
    mandatory = {(f["policy"], short(f["urn"])) for f in findings(report) if f["level"] == "mandatory"}
    advisory = {(f["policy"], short(f["urn"])) for f in findings(report) if f["level"] == "advisory"}
    assert mandatory == EXPECTED_MANDATORY
    assert advisory == EXPECTED_ADVISORY
    assert report["undetermined"] == []
    # Stderr carries no progress noise when stdout is not a terminal.
    assert mixed["json"].stderr == ""


def test_output_file_leaves_stdout_empty(mixed: dict[str, Any]) -> None:
    for run_key, file_key in (("sarif_run", "sarif_file"), ("text_run", "text_file")):
        run: Run = mixed[run_key]
        assert run.returncode == 1, run.describe()
        assert run.stdout == "", run.describe()
        path: Path = mixed[file_key]
        assert path.is_file()
        assert path.stat().st_size > 0


def test_sarif_is_valid_against_the_2_1_0_schema(mixed: dict[str, Any], sarif_validator: Any) -> None:
    log = json.loads(mixed["sarif_file"].read_text(encoding="utf-8"))
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1


def test_sarif_has_one_rule_per_policy_with_description_and_help(mixed: dict[str, Any]) -> None:
    driver = json.loads(mixed["sarif_file"].read_text(encoding="utf-8"))["runs"][0]["tool"]["driver"]
    assert driver["name"] == "residency"
    rules = driver["rules"]
    assert sorted(r["id"] for r in rules) == sorted(POLICY_NAMES)
    for rule in rules:
        assert rule["shortDescription"]["text"].strip(), rule["id"]
        assert rule["fullDescription"]["text"].strip(), rule["id"]
        assert rule["help"]["text"].strip(), rule["id"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["residency-data-at-rest"] == "error"
    assert levels["residency-control-plane"] == "warning"


def test_sarif_has_one_result_per_finding(mixed: dict[str, Any]) -> None:
    run = json.loads(mixed["sarif_file"].read_text(encoding="utf-8"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    expected = Counter(
        (f["policy"], f["urn"], "error" if f["level"] == "mandatory" else "warning", f["message"])
        for f in findings(mixed["report"])
    )
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        (logical,) = location["logicalLocations"]
        assert logical["fullyQualifiedName"].startswith("urn:pulumi:dev::cli-test::")
        seen[(result["ruleId"], logical["fullyQualifiedName"], result["level"], result["message"]["text"])] += 1
    assert seen == expected
    assert {lvl for _, _, lvl, _ in seen.elements()} == {"error", "warning"}


def test_junit_has_a_testcase_per_resource_and_policy(mixed: dict[str, Any]) -> None:
    run: Run = mixed["junit"]
    assert run.returncode == 1, run.describe()
    root = ET.fromstring(run.stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == MIXED_RESOURCES * len(POLICY_NAMES)
    assert int(suite.get("tests", "-1")) == len(cases)
    pairs = Counter((c.get("classname"), c.get("name")) for c in cases)
    assert max(pairs.values()) == 1, "a resource and policy pair has two testcases"
    assert {name for _, name in pairs} == set(POLICY_NAMES)

    mandatory = [f for f in findings(mixed["report"]) if f["level"] == "mandatory"]
    failed = {(c.get("classname"), c.get("name")) for c in cases if c.find("failure") is not None}
    assert failed == {(f["urn"], f["policy"]) for f in mandatory}
    assert int(suite.get("failures", "-1")) == len(mandatory) == int(root.get("failures", "-1"))
    assert len(suite.findall("testcase/failure")) == len(mandatory)
    # The advisory is reported, but not as a failure.
    advisory = next(f for f in findings(mixed["report"]) if f["level"] == "advisory")
    case = next(c for c in cases if (c.get("classname"), c.get("name")) == (advisory["urn"], advisory["policy"]))
    assert case.find("failure") is None
    assert "advisory" in (case.findtext("system-out") or "")


def test_text_report_written_to_a_file(mixed: dict[str, Any]) -> None:
    text = mixed["text_file"].read_text(encoding="utf-8")
    assert "\x1b[" not in text, "colour codes in a report file"
    for policy, resource in EXPECTED_MANDATORY:
        row = next((line for line in text.splitlines() if f" {resource} " in line), "")
        assert f"mandatory {policy}" in row, f"{resource}: {row!r}"
    firewall = next(line for line in text.splitlines() if " us-firewall " in line)
    assert "advisory residency-control-plane" in firewall
    summary = text.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"FAIL {MIXED_RESOURCES} resources, {len(POLICY_NAMES)} policies: "
        r"3 mandatory and 1 advisory violations, 0 undetermined\.",
        summary,
    ), summary
