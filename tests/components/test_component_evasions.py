"""Evasions of the v2 components: one security property of one child changed by hand must be caught by the pack.

Each case in ``tests/components/evasions`` builds one resident component and rewrites one property of one of
its children with a legacy ``transformations`` option (see ``evasion_stacks.py``). Two tests per case:

* under the in-process mocks, the transformation really changed the child (so a case can never pass or fail
  for the wrong reason);
* ``residency check`` on the program, in a subprocess as a user runs it, exits 1 with a mandatory finding on
  the offending resource (of the manifest's policy, when it names one).

Cases the pack cannot catch yet carry ``xfail`` in ``cases.json`` with what the pack needs; they are strict,
so they fail the day the pack learns to catch them, and the manifest then gets the policy's name.
"""

from __future__ import annotations

import json
import re
import runpy
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent / "evasions"
MANIFEST: Mapping[str, Mapping[str, Any]] = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
COMPONENTS = ("network", "repository", "database", "service")


def stack_config(case: str) -> dict[str, str]:
    document = yaml.safe_load((CORPUS / case / "Pulumi.dev.yaml").read_text(encoding="utf-8"))
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in document["config"].items()}


def value_at(tree: Any, path: str) -> Any:
    """The value at ``a.b[0].c`` in plain inputs."""
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        tree = tree[int(index)] if index else tree[key]
    return tree


def test_corpus_is_complete() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))}
    assert folders == set(MANIFEST), "every case folder is in cases.json and every entry has a folder"
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for case, expected in MANIFEST.items():
        assert f"`{case}`" in readme, case
        for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
            assert (CORPUS / case / name).is_file(), f"{case}/{name}"
        assert stack_config(case)["aws:region"] == "eu-west-3"
        assert ("policy" in expected) != ("xfail" in expected), f"{case}: a policy to expect, or why not yet"
    # Every component has at least one evasion that the pack catches today.
    for component in COMPONENTS:
        caught = [c for c, e in MANIFEST.items() if c.startswith(f"{component}-") and "policy" in e]
        assert caught, component


@pytest.mark.parametrize("case", sorted(MANIFEST))
def test_transformation_changes_the_child(program, case: str) -> None:
    changed = MANIFEST[case]["changed"]
    recording = program(
        lambda: runpy.run_path(str(CORPUS / case / "__main__.py"), run_name="__main__"), stack_config(case)
    )
    (resource,) = [r for r in recording.custom() if r.name == changed["resource"]]
    value = value_at(resource.inputs, changed["property"])
    if "contains" in changed:
        assert changed["contains"] in value
    else:
        assert value == changed["value"]


@pytest.fixture(scope="module")
def outcomes(check_program):
    """Every case checked by the installed ``residency`` command, two at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case: pool.submit(check_program, CORPUS / case) for case in MANIFEST}
        return {case: future.result() for case, future in futures.items()}


class NotCaughtError(AssertionError):
    """The pack ran and reported, but not the evasion (the only failure an ``xfail`` case may have)."""


def _cases() -> list[Any]:
    return [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, raises=NotCaughtError, reason=entry["xfail"]))
        if "xfail" in entry
        else case
        for case, entry in sorted(MANIFEST.items())
    ]


@pytest.mark.parametrize("case", _cases())
def test_evasion_is_caught(outcomes, case: str) -> None:
    outcome = outcomes[case]
    expected = MANIFEST[case]
    # A program or pack that fails is a real failure, never an expected one.
    assert outcome.report is not None, f"no JSON report (exit {outcome.returncode}): {outcome.stderr[-2000:]}"
    assert outcome.returncode in (0, 1), outcome.stderr[-2000:]
    findings = outcome.findings()
    caught = [
        f
        for f in findings
        if f["level"] == "mandatory"
        and f["urn"].endswith(f"::{expected['resource']}")
        and f["policy"] == expected.get("policy", f["policy"])
    ]
    if not caught:
        raise NotCaughtError(json.dumps(findings, indent=2))
    assert outcome.returncode == 1, (outcome.returncode, outcome.stderr[-2000:])
