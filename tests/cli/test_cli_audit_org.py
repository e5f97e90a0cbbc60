"""``residency audit`` over many stacks, end to end through the console script: every input form, sharding,
parallel workers, the multi-stack formats, and stacks that cannot be decided among good ones.

Inputs: a directory of the shared real exports and the evasion corpus' exports (48 stacks) with a corrupt file
among them, a DIY backend through ``file://`` (project layout, gzip on) and through its directory (legacy
layout), several files with ``-`` among them, a gzip-compressed single file, and an empty backend.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from cli_harness import FULL_TRACEBACK_HEADER, STATES, Run, assert_usage_error, run_cli, run_many

from residency import org_report

AUDIT_TESTS = Path(__file__).resolve().parents[1] / "audit"
sys.path.insert(0, str(AUDIT_TESTS))
from audit_harness import backend_files, evasion_states, sample_stacks, write_tree  # noqa: E402

CORRUPT = '{"version": 3, "deployment": {"resources": [{"urn": 42}]}}'


def without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "summary": {k: v for k, v in document["summary"].items() if k != "generated"}}


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The inputs and the runs that look at them (run a few at a time)."""
    root = tmp_path_factory.mktemp("org")
    states = root / "states"
    (states / "real").mkdir(parents=True)
    (states / "corpus").mkdir()
    for path in STATES.glob("*.json"):
        shutil.copy(path, states / "real" / path.name)
    for path in evasion_states():
        shutil.copy(path, states / "corpus" / path.name)
    (states / "real" / "zz-corrupt.json").write_text(CORRUPT, encoding="utf-8")
    good = root / "good"
    good.mkdir()
    for path in list((states / "real").glob("pulumi__*.json"))[:3]:
        shutil.copy(path, good / path.name)
    backend = write_tree(root / "backend", backend_files(sample_stacks(), gzip_on=True))
    legacy = write_tree(root / "legacy", backend_files(sample_stacks(), legacy=True))
    empty = root / "empty"
    (empty / ".pulumi" / "stacks").mkdir(parents=True)
    (empty / ".pulumi" / "meta.yaml").write_text("version: 1\n")
    one = sorted(STATES.glob("*.json"))[2]
    zipped = root / "one.json.gz"
    zipped.write_bytes(gzip.compress(one.read_bytes()))
    html = root / "report.html"
    commands: dict[str, list[Any]] = {
        "dir-json": ["audit", states, "--format", "json", "--jobs", "2"],
        "dir-json-1": ["audit", states, "--format", "json", "--jobs", "1"],
        "dir-text": ["audit", states],
        "dir-sarif": ["audit", states, "--format", "sarif"],
        "dir-junit": ["audit", states / "real", "--format", "junit"],
        "dir-html": ["audit", states, "--format", "html", "--output", html],
        "good": ["audit", good, "--format", "json"],
        "good-engine": ["audit", good, "--format", "json", "--engine-protocol"],
        "file-backend": ["audit", f"file://{backend}", "--format", "json"],
        "legacy-dir": ["audit", legacy, "--format", "json"],
        "empty-text": ["audit", f"file://{empty}"],
        "empty-json": ["audit", empty, "--format", "json"],
        "gz-single": ["audit", zipped, "--format", "json"],
        "plain-single": ["audit", one, "--format", "json"],
        "engine-single": ["audit", one, "--format", "json", "--engine-protocol"],
        **{f"shard-{i}": ["audit", states, "--format", "json", "--shard", f"{i}/3"] for i in (1, 2, 3)},
    }
    runs = dict(zip(commands, run_many(list(commands.values())), strict=True))
    # Standard input among other inputs.
    runs["stdin-and-file"] = run_cli("audit", "-", one, "--format", "json", stdin=zipped.read_bytes())
    return {"runs": runs, "html": html, "states": states, "one": one}


def test_no_run_prints_a_traceback(org: dict[str, Any]) -> None:
    for name, run in org["runs"].items():
        assert FULL_TRACEBACK_HEADER not in run.stderr, (name, run.describe())


def test_a_directory_is_every_stack_in_it_and_a_corrupt_one_fails_alone(org: dict[str, Any]) -> None:
    run: Run = org["runs"]["dir-json"]
    assert run.returncode == 2, run.describe()
    report = run.json()
    stacks = report["stacks"]
    assert len(stacks) == len(list(STATES.glob("*.json"))) + len(evasion_states()) + 1
    [corrupt] = [s for s in stacks if s["error"]]
    assert corrupt["source"].endswith("zz-corrupt.json")
    assert "has no 'urn' and 'type' strings" in corrupt["error"]
    assert report["summary"]["failed"] == 1
    assert report["summary"]["exit_code"] == 2
    # Every other stack was decided, and the evasions were caught in their exports too.
    decided = [s for s in stacks if not s["error"]]
    assert all(s["resources"] > 0 for s in decided)
    assert sum(1 for s in decided if any(f["level"] == "mandatory" for f in s["violations"] + s["undetermined"])) > 40
    assert f"could not decide {corrupt['source']}" in run.stderr


def test_the_json_matches_its_schema(org: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    schema = org_report.schema()
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    for name in ("dir-json", "good", "file-backend", "empty-json", "shard-1", "stdin-and-file"):
        errors = list(validator.iter_errors(org["runs"][name].json()))
        assert not errors, (name, errors[:3])


def test_each_stack_object_keeps_the_single_stack_keys(org: dict[str, Any]) -> None:
    single = org["runs"]["plain-single"].json()
    stacks = org["runs"]["dir-json"].json()["stacks"]
    [same] = [s for s in stacks if s["source"].endswith(org["one"].name)]
    assert {k: v for k, v in same.items() if k not in ("source", "error")} == single


def test_jobs_do_not_change_the_result(org: dict[str, Any]) -> None:
    assert without_time(org["runs"]["dir-json"].json()) == without_time(org["runs"]["dir-json-1"].json())


def test_shards_are_disjoint_and_cover_every_stack(org: dict[str, Any]) -> None:
    everything = sorted(s["source"] for s in org["runs"]["dir-json"].json()["stacks"])
    shares = [[s["source"] for s in org["runs"][f"shard-{i}"].json()["stacks"]] for i in (1, 2, 3)]
    assert sorted(source for share in shares for source in share) == everything
    assert all(shares), f"{len(everything)} stacks over 3 shards: none is empty"
    for i in (1, 2, 3):
        summary = org["runs"][f"shard-{i}"].json()["summary"]
        assert summary["shard"] == f"{i}/3"
        assert summary["discovered"] == len(everything)


def test_text_shows_the_summary_table_then_findings_by_stack(org: dict[str, Any]) -> None:
    run: Run = org["runs"]["dir-text"]
    assert run.returncode == 2, run.describe()
    out = run.stdout
    # Every export of the directory: the real ones, the corpus' and the corrupt one.
    total = len(list(STATES.glob("*.json"))) + len(evasion_states()) + 1
    assert f"Residency audit of {total} stacks" in out
    header = next(line for line in out.splitlines() if "Stack" in line and "Resources" in line)
    for column in ("Stack", "Resources", "Mandatory", "Advisory", "Undetermined", "Result"):
        assert column in header
    assert "│ ERROR:" in out
    # A findings table per stack with findings, titled with the stack and its source.
    assert "countdown/foo (" in out
    assert out.rstrip().splitlines()[-1].startswith(f"ERROR {total} stacks (1 could not be decided)")


def test_sarif_is_one_run_with_the_stack_in_each_location(org: dict[str, Any], sarif_validator: Any) -> None:
    run: Run = org["runs"]["dir-sarif"]
    log = json.loads(run.stdout)
    assert not list(sarif_validator.iter_errors(log))
    [sarif_run] = log["runs"]
    assert sarif_run["results"]
    for result in sarif_run["results"]:
        [location] = result["locations"]
        kinds = [loc["kind"] for loc in location["logicalLocations"]]
        assert kinds == ["resource", "module"]
        assert location["physicalLocation"]["artifactLocation"]["uri"].endswith(".json")
        assert result["properties"]["stack"] == location["logicalLocations"][1]["fullyQualifiedName"]
    [invocation] = sarif_run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "zz-corrupt.json" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_junit_has_a_suite_per_stack_and_an_error_for_the_corrupt_one(org: dict[str, Any]) -> None:
    root = ET.fromstring(org["runs"]["dir-junit"].stdout)
    suites = root.findall("testsuite")
    assert len(suites) == len(list(STATES.glob("*.json"))) + 1
    assert root.get("errors") == "1"
    assert int(root.get("failures", "0")) > 0
    errored = [s for s in suites if s.get("errors") == "1"]
    assert errored[0].find("testcase/error") is not None


def test_a_file_backend_and_a_legacy_backend_directory(org: dict[str, Any]) -> None:
    # The legacy layout has no projects: payments/prod and identity/prod are one stack "prod" there.
    for name, suffix, count in (("file-backend", ".json.gz", 3), ("legacy-dir", ".json", 2)):
        run: Run = org["runs"][name]
        assert run.returncode == 1, run.describe()
        stacks = run.json()["stacks"]
        assert len(stacks) == count
        assert all(s["source"].endswith(suffix) and "/.pulumi/stacks/" in s["source"] for s in stacks)
        assert all(s["error"] is None for s in stacks)


def test_an_empty_backend_is_a_pass_with_no_stacks(org: dict[str, Any]) -> None:
    text, document = org["runs"]["empty-text"], org["runs"]["empty-json"]
    assert text.returncode == 0, text.describe()
    assert "No stacks found" in text.stdout
    assert document.returncode == 0, document.describe()
    assert document.json()["stacks"] == []
    assert "No stacks found" in document.stderr


def test_an_empty_directory_has_no_stacks(tmp_path: Path) -> None:
    # A directory is every stack in it (it used to be refused as "a directory, not a state file").
    run = run_cli("audit", tmp_path)
    assert run.returncode == 0, run.describe()
    assert f"No stacks found in {tmp_path}." in run.stdout


def test_a_gzip_file_is_one_stack_like_its_plain_export(org: dict[str, Any]) -> None:
    zipped, plain = org["runs"]["gz-single"], org["runs"]["plain-single"]
    assert zipped.returncode == plain.returncode == 1
    assert zipped.json() == plain.json()


def test_stdin_among_other_inputs(org: dict[str, Any]) -> None:
    run: Run = org["runs"]["stdin-and-file"]
    assert run.returncode == 1, run.describe()
    stdin_stack, file_stack = run.json()["stacks"]
    assert stdin_stack["source"] == "<stdin>"
    assert {k: v for k, v in stdin_stack.items() if k != "source"} == {
        k: v for k, v in file_stack.items() if k != "source"
    }


def test_engine_protocol_gives_the_same_report(org: dict[str, Any]) -> None:
    assert org["runs"]["engine-single"].json() == org["runs"]["plain-single"].json()
    engine, in_process = org["runs"]["good-engine"].json(), org["runs"]["good"].json()
    assert engine["summary"]["evaluation"] == "engine-protocol"
    assert in_process["summary"]["evaluation"] == "in-process"
    assert engine["stacks"] == in_process["stacks"]


def test_html_report_is_written(org: dict[str, Any]) -> None:
    run: Run = org["runs"]["dir-html"]
    assert run.returncode == 2, run.describe()
    assert run.stdout == ""
    page = org["html"].read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "zz-corrupt.json" in page


@pytest.mark.parametrize("shard", ["0/2", "3/2", "x", "1/0", "1-2"])
def test_a_bad_shard_is_a_usage_error(tmp_path: Path, shard: str) -> None:
    run = run_cli("audit", tmp_path, "--shard", shard)
    assert_usage_error(run, "--shard", "I/N")


def test_bad_policy_config_stops_the_run_before_any_stack(tmp_path: Path) -> None:
    config = tmp_path / "pc.json"
    config.write_text(json.dumps({"residency-data-at-rest": {"zone": "atlantis"}}), encoding="utf-8")
    run = run_cli("audit", STATES, "--policy-config", config)
    assert_usage_error(run, "atlantis")


def test_audit_help_names_every_input_form_and_option() -> None:
    run = run_cli("audit", "--help")
    assert run.returncode == 0, run.describe()
    for text in ("s3://BUCKET[/PREFIX]", "file://PATH", "--jobs", "--shard", "--endpoint-url", "--engine-protocol"):
        assert text in run.stdout, text
