"""``residency zones`` and ``residency explain``: what the pack means by a zone, and how it sees a type."""

from __future__ import annotations

import pytest
from cli_harness import Run, assert_usage_error, run_many


@pytest.fixture(scope="module")
def info_runs() -> dict[str, Run]:
    commands = {
        "zones": ["zones"],
        "bucket": ["explain", "aws:s3/bucket:Bucket"],
        "urn": ["explain", "urn:pulumi:dev::shop::my:index:Store$aws:sqs/queue:Queue::orders"],
        "role": ["explain", "aws:iam/role:Role"],
        "nonsense": ["explain", "nonsense"],
        "bad-urn": ["explain", "urn:pulumi:dev::shop"],
    }
    return dict(zip(commands, run_many(list(commands.values())), strict=True))


def table_rows(output: str) -> dict[str, list[str]]:
    """First cell -> all cells of each one-line row of a Rich table (COLUMNS is wide, so rows do not wrap)."""
    rows: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            rows[cells[0]] = cells
    return rows


def test_zones_lists_groups_and_countries_with_their_regions(info_runs: dict[str, Run]) -> None:
    run = info_runs["zones"]
    assert run.returncode == 0, run.describe()
    rows = table_rows(run.stdout)
    eu = rows["eu"]
    countries, regions = eu[1].split(", "), eu[2].split(", ")
    assert "FR" in countries
    assert "DE" in countries
    assert "GB" not in countries  # the United Kingdom left the EU
    assert "eu-west-3" in regions
    assert "eu-central-1" in regions
    assert "eu-west-2" not in regions  # London
    assert "eu-west-2" in rows["gb"][2].split(", ")
    assert rows["fr"][2] == "eu-west-3"
    assert "IS" in rows["eea"][1].split(", ")
    assert "IS" not in countries


def test_explain_a_type(info_runs: dict[str, Run]) -> None:
    run = info_runs["bucket"]
    assert run.returncode == 0, run.describe()
    assert run.stdout.startswith("aws:s3/bucket:Bucket: at-rest")
    policies = table_rows(run.stdout)
    assert policies["residency-data-at-rest"][1] == "mandatory"
    assert "residency-processing" in policies
    # A bucket is not an API stage: the exposure rules do not apply to it.
    assert "exposure-geo-restriction" not in policies


def test_explain_a_urn_uses_the_type_at_its_end(info_runs: dict[str, Run]) -> None:
    run = info_runs["urn"]
    assert run.returncode == 0, run.describe()
    assert run.stdout.startswith("aws:sqs/queue:Queue: at-rest")
    assert "residency-data-at-rest" in table_rows(run.stdout)


def test_explain_a_global_control_type(info_runs: dict[str, Run]) -> None:
    run = info_runs["role"]
    assert run.returncode == 0, run.describe()
    assert run.stdout.startswith("aws:iam/role:Role: control")
    assert "global resource" in run.stdout


@pytest.mark.parametrize(("key", "keywords"), [("nonsense", ("'nonsense'", "type token")), ("bad-urn", ("URN",))])
def test_explain_rejects_what_is_neither_type_nor_urn(
    info_runs: dict[str, Run], key: str, keywords: tuple[str, ...]
) -> None:
    assert_usage_error(info_runs[key], *keywords)
