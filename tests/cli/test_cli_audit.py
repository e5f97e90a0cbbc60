"""``residency audit`` end to end: every real state export kept in tests/fixtures, stdin, and generated exports.

The real exports (see ``tests/fixtures/pulumi-state/README.md``) were all deployed to us-west-2 or to an
unknown region, so against the default zone ``eu`` every regional resource must be reported, none may be
passed silently, and no run may end in a usage error. Their secrets (``ciphertext`` and ``plaintext``) are read
from the files themselves and looked for in every output format.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cli_harness import STATES, Run, assert_no_secret, findings, run_cli, run_many
from cli_stack_export import GeneratedExport, build_export

from residency import catalog
from residency.engine.state import MAX_STATE_BYTES, StateError, load_state, parse_state

FIXTURES = sorted(p.name for p in STATES.glob("*.json"))
#: Exports with secrets are also rendered as text, SARIF and JUnit, and searched for them.
OTHER_FORMATS = ("text", "sarif", "junit")
SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


@dataclass
class StateFacts:
    """What a correct audit of one state file must report, read from the file without the code under test."""

    live_resources: int
    #: Provider reference (``<urn>::<id>``) -> the region in the provider's inputs (None: no region).
    provider_regions: dict[str, str | None]
    resources: list[Mapping[str, Any]]
    ciphertexts: list[str] = field(default_factory=list)
    plaintexts: list[str] = field(default_factory=list)


def _secrets(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        if value.get(SIG_KEY) == SECRET_SIG:
            yield value
        for item in value.values():
            yield from _secrets(item)
    elif isinstance(value, list):
        for item in value:
            yield from _secrets(item)


def _revealing(decoded: Any) -> list[str]:
    """The strings of a decrypted secret long enough to be recognisable in a report."""
    if isinstance(decoded, str):
        return [decoded] if len(decoded) >= 8 else []
    return [json.dumps(decoded)] if decoded is not None else []


def state_facts(path: Path) -> StateFacts:
    document = json.loads(path.read_text(encoding="utf-8"))
    deployment = document.get("deployment") or document["checkpoint"]["latest"]
    resources = deployment["resources"]
    b64_provider = (deployment.get("secrets_providers") or {}).get("type") == "b64"
    facts = StateFacts(
        live_resources=sum(1 for r in resources if not r.get("delete")),
        provider_regions={
            f"{r['urn']}::{r['id']}": (r.get("inputs") or {}).get("region")
            for r in resources
            if r["type"].startswith("pulumi:providers:aws")
        },
        resources=resources,
    )
    for secret in _secrets(document):
        if "ciphertext" in secret:
            facts.ciphertexts.append(secret["ciphertext"])
            if b64_provider:
                # The b64 provider's "ciphertext" is the base64 of the JSON plaintext: that must not leak either.
                facts.plaintexts += _revealing(json.loads(base64.b64decode(secret["ciphertext"], validate=True)))
        if "plaintext" in secret:
            facts.plaintexts += _revealing(json.loads(secret["plaintext"]))
    return facts


@pytest.fixture(scope="module")
def fixture_runs() -> dict[tuple[str, str], Run]:
    """(file, format) -> run: JSON for every export, the other formats for those holding secrets."""
    assert FIXTURES, f"no state exports in {STATES}"
    keys: list[tuple[str, str]] = [(name, "json") for name in FIXTURES]
    for name in FIXTURES:
        facts = state_facts(STATES / name)
        if facts.ciphertexts or facts.plaintexts:
            keys += [(name, fmt) for fmt in OTHER_FORMATS]
    runs = run_many([["audit", STATES / name, "--format", fmt] for name, fmt in keys])
    return dict(zip(keys, runs, strict=True))


def test_the_real_exports_are_there() -> None:
    # SOURCES.md lists six files; three of them hold secrets (ten b64, five passphrase, three plaintext).
    assert len(FIXTURES) >= 6
    with_secrets = [n for n in FIXTURES if state_facts(STATES / n).ciphertexts or state_facts(STATES / n).plaintexts]
    assert len(with_secrets) >= 3


@pytest.mark.parametrize("name", FIXTURES)
def test_real_export_is_audited_not_refused(fixture_runs: dict[tuple[str, str], Run], name: str) -> None:
    run = fixture_runs[(name, "json")]
    assert run.returncode in (0, 1), run.describe()
    report = run.json()
    facts = state_facts(STATES / name)
    assert report["resources"] == facts.live_resources
    blocking = any(f["level"] == "mandatory" for f in findings(report))
    assert run.returncode == (1 if blocking else 0)


@pytest.mark.parametrize("name", FIXTURES)
def test_regional_resources_outside_the_zone_are_reported(fixture_runs: dict[tuple[str, str], Run], name: str) -> None:
    report = fixture_runs[(name, "json")].json()
    facts = state_facts(STATES / name)
    by_urn: dict[str, list[dict[str, Any]]] = {}
    for item in findings(report):
        by_urn.setdefault(item["urn"], []).append(item)
    checked = 0
    for resource in facts.resources:
        if resource.get("delete") or not resource.get("custom") or not resource["type"].startswith("aws:"):
            continue
        kind = catalog.classify(resource["type"])
        if kind.is_global:
            continue
        checked += 1
        reported = by_urn.get(resource["urn"], [])
        # None of these exports is in zone eu: no regional AWS resource may pass silently.
        assert reported, f"{resource['urn']} was not reported"
        region = facts.provider_regions.get(resource.get("provider", ""))
        if region == "us-west-2":
            assert any("us-west-2" in f["message"] and "zone 'eu'" in f["message"] for f in reported), reported
            if kind.kind in (catalog.Kind.AT_REST, catalog.Kind.PROCESSING):
                assert any(f["level"] == "mandatory" for f in reported), reported
        else:
            # No region on the provider (or no provider at all): the region cannot be decided, which blocks.
            assert any(f["level"] == "mandatory" for f in reported), reported
    assert checked > 0


def test_us_west_2_is_named_in_every_export_deployed_there(fixture_runs: dict[tuple[str, str], Run]) -> None:
    deployed = [n for n in FIXTURES if "us-west-2" in state_facts(STATES / n).provider_regions.values()]
    assert len(deployed) >= 4
    for name in deployed:
        report = fixture_runs[(name, "json")].json()
        assert any("us-west-2" in f["message"] and f["level"] == "mandatory" for f in findings(report)), name


@pytest.mark.parametrize("name", FIXTURES)
def test_no_secret_of_the_state_is_printed(fixture_runs: dict[tuple[str, str], Run], name: str) -> None:
    facts = state_facts(STATES / name)
    runs = {fmt: run for (file, fmt), run in fixture_runs.items() if file == name}
    if facts.ciphertexts or facts.plaintexts:
        assert set(runs) == {"json", *OTHER_FORMATS}
    for fmt, run in runs.items():
        assert run.returncode in (0, 1), run.describe()
        assert_no_secret(run.stdout, fmt, facts.ciphertexts, name, pieces=True)
        assert_no_secret(run.stdout, fmt, facts.plaintexts, name)
        assert_no_secret(run.stderr, "text", [*facts.ciphertexts, *facts.plaintexts], name)


def test_stdin_is_read_with_a_dash(fixture_runs: dict[tuple[str, str], Run]) -> None:
    name = "pulumi__pulumi-eks__oidc-iam-sa-3.0.0.json"
    run = run_cli("audit", "-", "--format", "json", stdin=(STATES / name).read_bytes())
    assert run.returncode == fixture_runs[(name, "json")].returncode, run.describe()
    assert run.json() == fixture_runs[(name, "json")].json()


# ---------------------------------------------------------------------------------------------------------------
# Generated exports
# ---------------------------------------------------------------------------------------------------------------


def as_checkpoint(export: GeneratedExport) -> dict[str, Any]:
    """The same deployment in the file-backend checkpoint shape."""
    return {
        "version": 3,
        "checkpoint": {"stack": "organization/generated/load", "latest": export.document["deployment"]},
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[GeneratedExport, Run]]:
    root = tmp_path_factory.mktemp("generated")
    large = build_export(1000)
    small = build_export(60, stack="small")
    large_path = large.write(root / "large.json")
    small_path = root / "small-checkpoint.json"
    small_path.write_text(json.dumps(as_checkpoint(small)), encoding="utf-8")
    large_run, small_run = run_many(
        [["audit", large_path, "--format", "json"], ["audit", small_path, "--format", "sarif"]]
    )
    return {"large": (large, large_run), "small": (small, small_run)}


def test_generator_makes_what_it_promises() -> None:
    export = build_export(1000)
    resources = export.document["deployment"]["resources"]
    assert len(resources) == 1000
    assert export.live_resources == sum(1 for r in resources if not r.get("delete")) < 1000
    assert len({r["urn"] for r in resources}) == export.live_resources
    assert len({r["type"] for r in resources}) >= 7
    assert export.expected_violations
    assert export.ciphertexts
    # It is a valid export for the loader, too.
    snapshot = parse_state(export.document, name="generated")
    assert sum(1 for r in snapshot.resources if not r.pending_delete) == export.live_resources


def test_a_thousand_resources_through_audit(generated: dict[str, tuple[GeneratedExport, Run]]) -> None:
    export, run = generated["large"]
    assert run.returncode == 1, run.describe()
    report = run.json()
    assert (report["stack"], report["project"]) == ("load", "generated")
    assert report["resources"] == export.live_resources
    # Exactly one finding per resource outside the zone (pending-delete copies are not checked), none elsewhere.
    got = [(f["urn"], f["policy"], f["level"]) for f in findings(report)]
    assert sorted(got) == sorted((urn, policy, "mandatory") for urn, policy in export.expected_violations.items())
    assert not {urn for urn, _, _ in got} & export.compliant
    assert_no_secret(run.stdout, "json", export.ciphertexts, "generated export", pieces=True)


def test_a_generated_checkpoint_through_audit(generated: dict[str, tuple[GeneratedExport, Run]]) -> None:
    export, run = generated["small"]
    assert run.returncode == 1, run.describe()
    results = json.loads(run.stdout)["runs"][0]["results"]
    located = {r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]: r["ruleId"] for r in results}
    assert located == export.expected_violations
    assert {r["level"] for r in results} == {"error"}
    assert_no_secret(run.stdout, "sarif", export.ciphertexts, "generated checkpoint", pieces=True)


# ---------------------------------------------------------------------------------------------------------------
# The size limit (in-process: the limit is a parameter, not an environment variable, so a subprocess cannot
# lower it, and a real 1 GiB file has no place in a unit test run)
# ---------------------------------------------------------------------------------------------------------------


def test_state_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = build_export(10).write(tmp_path / "state.json")
    size = path.stat().st_size
    assert len(load_state(path, max_bytes=size).resources) == 10
    with pytest.raises(StateError, match=r"larger than the .*-byte limit"):
        load_state(path, max_bytes=size - 1)


def test_sparse_file_over_the_default_limit_is_refused(tmp_path: Path) -> None:
    # A sparse file costs no disk space; the loader must refuse it from its size, without reading 1 GiB.
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_STATE_BYTES + 1)
    with pytest.raises(StateError, match="limit"):
        load_state(path)


def test_stdin_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(build_export(10).document).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(StateError, match="standard input is larger than"):
        load_state("-", max_bytes=len(data) - 1)


# ---------------------------------------------------------------------------------------------------------------
# The leak search itself must be able to fail
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "fmt"),
    [
        (json.dumps({"violations": [{"message": 'tag "tok" is v1:abc:SECRET-CIPHERTEXT-1234567890'}]}), "json"),
        (
            '<testsuites><testsuite><testcase name="x">v1:abc:SECRET-CIPHERTEXT-1234567890</testcase>'
            "</testsuite></testsuites>",
            "junit",
        ),
        # A text table folds long cells over several lines; a 12-character piece still shows.
        ("│ v1:abc:SECRET-CIP │\n│ HERTEXT-1234567890 │", "text"),
    ],
)
def test_leak_search_finds_a_leak(output: str, fmt: str) -> None:
    with pytest.raises(AssertionError, match="shows the secret value"):
        assert_no_secret(output, fmt, ["v1:abc:SECRET-CIPHERTEXT-1234567890"], "self-test", pieces=True)


def test_leak_search_undoes_json_escapes() -> None:
    plaintext = '{"Version":"2012-10-17","Statement":[]}'
    with pytest.raises(AssertionError, match="shows the secret value"):
        assert_no_secret(json.dumps({"message": plaintext}), "json", [plaintext], "self-test")
