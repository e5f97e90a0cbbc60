"""The evasion corpus, end to end: every program in tests/evasions must fail ``residency check``.

Each case is a Pulumi Python program that moves customer data or request processing out of the zone, or
exposes an endpoint to unsupported countries, in one realistic way. The ``residency`` console script runs it
under mocks and through the policy pack in a subprocess, exactly as a user would; the test asserts exit code 1
and a mandatory finding of the manifest's policy on the offending resource. The selected cases run two at a
time in one module-scoped fixture (each is a separate process, so a thread pool is enough to overlap them).

``cases.json`` is the manifest: folder -> policy, resource, family, description, and ``xfail`` (one sentence:
what the pack misses) for a known gap, which runs as a strict xfail so that a fix has to update the manifest.
The README's tables are generated from it (:func:`corpus_tables_markdown`); regenerate them with
``python tests/test_evasions.py --write-readme``.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest

from residency.policies import BY_NAME

CORPUS: Final = Path(__file__).resolve().parent / "evasions"
README: Final = CORPUS / "README.md"
MANIFEST: Final[Mapping[str, Mapping[str, str]]] = json.loads(
    (CORPUS / "cases.json").read_text(encoding="utf-8")
)
RESIDENCY: Final = Path(sys.executable).with_name("residency")

#: Seconds one case may take (the program and the pack each get the CLI's --timeout).
CASE_TIMEOUT: Final = 120
#: The corpus may only grow.
MINIMUM_CASES: Final = 110
#: Every manifest entry has these keys; ``xfail`` is optional.
ENTRY_KEYS: Final = frozenset({"policy", "resource", "family", "description"})
#: The README markers between which the generated tables stand.
TABLES_START: Final = "<!-- evasion-tables:start -->"
TABLES_END: Final = "<!-- evasion-tables:end -->"

#: The families of evasions, in the README's order, each with what it covers.
FAMILIES: Final[Mapping[str, str]] = {
    "placement": "The resource itself stands outside the zone: providers, per-resource regions, component "
                 "providers, configuration defaults, transformations, endpoint overrides.",
    "region-determined": "A region that is not exactly a known region, or that is not known at all.",
    "copy-out": "Copies and replicas created outside the zone from a source in it.",
    "data-class": "An exempt data class claimed where it does not hold: odd spellings, copies tagged billing, "
                  "tags on processors.",
    "multi-region": "Multi-Region primitives whose copies outside the zone are defined in this stack.",
    "foreign-arn": "Destination ARNs in another region or partition (KMS keys, queues, topics, targets, "
                   "triggers).",
    "skipped-key": "Keys an earlier pack skipped: EventBridge target ARNs, account-wide log subscription "
                   "policies, organisation backup policies.",
    "nested-arn": "ARNs nested in other ARNs, in URIs or in documents inside documents.",
    "endpoint": "Regional AWS host names, URLs and PrivateLink service names instead of ARNs.",
    "bucket": "`s3://` URIs, bucket names and region-less bucket ARNs of buckets outside the zone or outside "
              "the deployment.",
    "region-in-text": "Region names inside strings, JSON documents, scripts and templates.",
    "region-property": "Region-valued properties that copy, replicate or route data.",
    "external-host": "Destinations outside AWS: webhooks, SaaS intakes, mail, DNS, raw IP addresses.",
    "inference-profile": "Bedrock model ids and ARNs that name cross-Region inference profiles (`us.`, "
                         "`global.`).",
    "unknown-derived": "Values unknown at preview that derive from a resource of this stack outside the zone.",
    "stack-reference": "Values from another stack or from a lookup, which the pack cannot place.",
    "opaque": "Dynamic providers, commands and resources of other clouds.",
    "exposure": "Endpoints reachable from countries outside the supported ones.",
    "keyless": "Static credentials in the request path.",
    "stateless": "Caches, payload logging and edge compute in the request path.",
}


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


# ------------------------------------------------------------------------------------------------------------
# The README's tables, generated from the manifest
# ------------------------------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def corpus_tables_markdown(manifest: Mapping[str, Mapping[str, str]] = MANIFEST) -> str:
    """The README's tables: cases per family, then every case with its policy, resource and status."""
    counts = Counter(entry["family"] for entry in manifest.values())
    gaps = Counter(entry["family"] for entry in manifest.values() if "xfail" in entry)
    lines = [
        f"{len(manifest)} cases, {sum(gaps.values())} of them known gaps (`xfail`).",
        "",
        "| Family | Cases | Known gaps | What it covers |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{family}` | {counts[family]} | {gaps[family]} | {_cell(covers)} |"
        for family, covers in FAMILIES.items()
    ]
    lines += [
        "",
        "| Folder | Family | Evasion | Policy that must catch it | Offending resource | Status |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for folder in sorted(manifest):
        entry = manifest[folder]
        status = f"xfail: {_cell(entry['xfail'])}" if "xfail" in entry else "caught"
        lines.append(
            f"| `{folder}` | `{entry['family']}` | {_cell(entry['description'])} | `{entry['policy']}` | "
            f"`{entry['resource']}` | {status} |"
        )
    return "\n".join(lines) + "\n"


def readme_with_tables(text: str, tables: str) -> str:
    """``text`` with the part between the table markers replaced by ``tables``."""
    head, rest = text.split(TABLES_START, 1)
    _, tail = rest.split(TABLES_END, 1)
    return f"{head}{TABLES_START}\n{tables}{TABLES_END}{tail}"


def test_readme_tables_are_up_to_date() -> None:
    text = README.read_text(encoding="utf-8")
    assert TABLES_START in text, "tests/evasions/README.md lost its evasion-tables markers"
    assert TABLES_END in text, "tests/evasions/README.md lost its evasion-tables markers"
    assert text == readme_with_tables(text, corpus_tables_markdown()), (
        "regenerate with `python tests/test_evasions.py --write-readme`"
    )


# ------------------------------------------------------------------------------------------------------------
# The corpus is complete and every case is well formed
# ------------------------------------------------------------------------------------------------------------


def _logical_names(source: str) -> set[str]:
    """The string literals passed as the first argument of a call (resource names, in these programs)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        first = node.args[0] if isinstance(node, ast.Call) and node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    return names


def test_corpus_is_complete() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == set(MANIFEST), "every case folder is in cases.json and every entry has a folder"
    assert len(MANIFEST) >= MINIMUM_CASES
    assert set(FAMILIES) == {entry["family"] for entry in MANIFEST.values()}, "a family without cases, or unknown"


@pytest.mark.parametrize("folder", sorted(MANIFEST))
def test_case_is_well_formed(folder: str) -> None:
    entry = MANIFEST[folder]
    assert ENTRY_KEYS <= set(entry) <= ENTRY_KEYS | {"xfail"}, sorted(entry)
    assert all(isinstance(value, str) and value.strip() for value in entry.values())
    assert entry["family"] in FAMILIES
    assert entry["policy"] in BY_NAME, f"{entry['policy']} is not a policy of the pack"
    assert entry["resource"].startswith("leak"), "the offending resource's logical name starts with leak"
    assert not entry["description"].endswith(".")
    if "xfail" in entry:
        assert entry["xfail"].endswith("."), "one sentence: what the pack misses"

    directory = CORPUS / folder
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
        assert (directory / name).is_file(), f"{folder}/{name}"
    project = (directory / "Pulumi.yaml").read_text(encoding="utf-8")
    assert re.search(rf"^name: evasion-{re.escape(folder)}$", project, re.M)
    assert re.search(r"^runtime: python$", project, re.M)
    assert re.search(r"^description: .+", project, re.M)
    stack = (directory / "Pulumi.dev.yaml").read_text(encoding="utf-8")
    for line in ("aws:region: eu-west-3", "residency:zone: eu", "residency:supportedCountries: EEA"):
        assert line in stack, f"{folder}/Pulumi.dev.yaml: {line}"
    source = (directory / "__main__.py").read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, "a docstring saying the evasion in one sentence"
    assert docstring.startswith("Evasion: ")
    assert entry["resource"] in _logical_names(source), f"no resource named {entry['resource']!r}"


# ------------------------------------------------------------------------------------------------------------
# Every case is caught
# ------------------------------------------------------------------------------------------------------------


def _case_param(folder: str) -> Any:
    reason = MANIFEST[folder].get("xfail")
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(folder, id=folder, marks=marks)


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest) -> dict[str, Outcome]:
    """The outcome of every selected case (``-k`` runs only the cases it selects), two cases at a time."""
    selected = sorted({
        str(item.callspec.params["folder"])
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.originalname == "test_evasion_is_caught"
        and item.module is request.module
    })
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(selected, pool.map(run_case, selected), strict=True))


@pytest.mark.parametrize("folder", [_case_param(folder) for folder in sorted(MANIFEST)])
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


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-readme"]:
        sys.exit("usage: python tests/test_evasions.py --write-readme")
    README.write_text(
        readme_with_tables(README.read_text(encoding="utf-8"), corpus_tables_markdown()), encoding="utf-8"
    )
