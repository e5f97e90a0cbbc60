"""Bad input of every kind: exit 2 and one paragraph that names the problem, never a Python traceback.

Failing programs and policy packs are the exception to "one line": a failing program's message carries its
traceback, trimmed to the user's own files (the full one only with ``--debug``).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_harness import FULL_TRACEBACK_HEADER, Run, assert_usage_error, findings, run_cli, run_many
from cli_programs import write_program

# ---------------------------------------------------------------------------------------------------------------
# Inputs, each written into its own directory by a small builder
# ---------------------------------------------------------------------------------------------------------------

PYTHON_PROJECT = "name: broken\nruntime: python\n"
EMPTY_PROGRAM = "import pulumi\n"


def project(directory: Path, files: dict[str, str | bytes]) -> Path:
    directory.mkdir(parents=True)
    for name, content in files.items():
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@dataclass(frozen=True)
class BadInput:
    """A command line that must be refused, and words its message must contain."""

    name: str
    argv: Callable[[Path], list[str | Path]]
    keywords: tuple[str, ...]


def _compliant(root: Path) -> Path:
    target = root / "compliant"
    return target if target.is_dir() else write_program(target)


BAD_INPUTS = (
    BadInput(
        "missing-pulumi-yaml",
        lambda d: ["check", project(d / "p", {"__main__.py": EMPTY_PROGRAM})],
        ("No Pulumi.yaml",),
    ),
    BadInput(
        "nodejs-runtime",
        lambda d: ["check", project(d / "p", {"Pulumi.yaml": "name: web\nruntime: nodejs\n", "index.js": ""})],
        ("nodejs", "Python programs only"),
    ),
    BadInput(
        "stack-file-invalid-yaml",
        lambda d: [
            "check",
            project(
                d / "p",
                {
                    "Pulumi.yaml": PYTHON_PROJECT,
                    "__main__.py": EMPTY_PROGRAM,
                    "Pulumi.dev.yaml": "config:\n  aws:region: [eu-west-3\n",
                },
            ),
        ],
        ("Pulumi.dev.yaml", "not valid YAML", "line"),
    ),
    BadInput(
        "several-stacks-no-choice",
        lambda d: [
            "check",
            project(
                d / "p",
                {
                    "Pulumi.yaml": PYTHON_PROJECT,
                    "__main__.py": EMPTY_PROGRAM,
                    "Pulumi.dev.yaml": "config: {}\n",
                    "Pulumi.prod.yaml": "config: {}\n",
                },
            ),
        ],
        ("--stack", "dev", "prod"),
    ),
    BadInput(
        "unknown-stack",
        lambda d: ["check", _compliant(d), "--stack", "staging"],
        ("Pulumi.staging.yaml", "dev"),
    ),
    BadInput(
        "config-without-equals",
        lambda d: ["check", _compliant(d), "--config", "aws:region"],
        ("--config", "aws:region", "KEY=VALUE"),
    ),
    BadInput(
        "unknown-policy-in-policy-config",
        lambda d: [
            "check",
            _compliant(d),
            "--policy-config",
            write(d / "pc.json", json.dumps({"residency-no-such-policy": {"zone": "eu"}})),
        ],
        ("unknown policy", "residency-no-such-policy", "residency-data-at-rest"),
    ),
    BadInput(
        "zone-mars",
        lambda d: [
            "check",
            _compliant(d),
            "--policy-config",
            write(d / "pc.json", json.dumps({"residency-data-at-rest": {"zone": "mars"}})),
        ],
        ("residency-data-at-rest", "zone", "'mars'"),
    ),
    BadInput(
        "supported-countries-uk",
        lambda d: [
            "check",
            _compliant(d),
            "--policy-config",
            write(d / "pc.json", json.dumps({"exposure-geo-restriction": {"supportedCountries": ["UK"]}})),
        ],
        ("supportedCountries", "'UK'", "'GB'"),
    ),
    BadInput(
        "policy-config-not-json",
        lambda d: ["check", _compliant(d), "--policy-config", write(d / "pc.yaml", "zone: eu\n")],
        ("pc.yaml", "not valid JSON"),
    ),
    BadInput(
        "policy-config-missing",
        lambda d: ["check", _compliant(d), "--policy-config", d / "absent.json"],
        ("absent.json", "Cannot read"),
    ),
    BadInput(
        "pack-without-pulumipolicy-yaml",
        lambda d: ["check", _compliant(d), "--policy-pack", project(d / "pack", {"__main__.py": "pass\n"})],
        ("PulumiPolicy.yaml", "not a Pulumi policy pack"),
    ),
    BadInput(
        "state-not-json",
        lambda d: ["audit", write(d / "state.json", "this is not JSON\n")],
        ("state.json", "not JSON"),
    ),
    BadInput(
        "state-json-not-an-export",
        lambda d: ["audit", write(d / "state.json", json.dumps({"name": "x", "resources": []}))],
        ("state.json", "not a Pulumi stack export", "pulumi stack export"),
    ),
    BadInput(
        "state-unsupported-version",
        lambda d: ["audit", write(d / "state.json", json.dumps({"version": 1, "deployment": {}}))],
        ("state.json", "version 1"),
    ),
    BadInput(
        "state-invalid-utf8",
        lambda d: [
            "audit",
            write(d / "state.json", b'{"version": 3, "deployment": {"resources": [{"urn": "caf\xe9"}]}}'),
        ],
        ("state.json", "not valid UTF-8"),
    ),
    BadInput("state-missing", lambda d: ["audit", d / "absent.json"], ("absent.json", "Cannot read")),
)


@pytest.fixture(scope="module")
def bad_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    commands = []
    for bad in BAD_INPUTS:
        directory = tmp_path_factory.mktemp(bad.name)
        commands.append(bad.argv(directory))
    return dict(zip([b.name for b in BAD_INPUTS], run_many(commands), strict=True))


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[b.name for b in BAD_INPUTS])
def test_bad_input_is_a_usage_error(bad_runs: dict[str, Run], bad: BadInput) -> None:
    assert_usage_error(bad_runs[bad.name], *bad.keywords)


# ---------------------------------------------------------------------------------------------------------------
# Programs and packs that misbehave
# ---------------------------------------------------------------------------------------------------------------

RAISING_HELPER = """\
def build(count):
    raise ValueError(f"bucket count {count} is not allowed")
"""
RAISING_MAIN = """\
import pulumi
from helper import build

build(7)
"""
HANGING_MAIN = """\
import time

while True:
    time.sleep(0.2)
"""
# About 10 MB to each of stdout and stderr, then one violation.
LOUD_EXTRA = """
import sys

_line = "x" * 1023 + "\\n"
for _ in range(10 * 1024):
    sys.stdout.write(_line)
    sys.stderr.write(_line)
aws.cloudwatch.LogGroup("forever-logs", opts=opts)
"""
DYING_PACK = """\
import os

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy


def dies_validator(args, report_violation):
    os._exit(3)


PolicyPack(
    name="dies",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[ResourceValidationPolicy(name="dies-on-analyze", description="Dies.", validate=dies_validator)],
)
"""
TIMEOUT = 3


@pytest.fixture(scope="module")
def misbehaving(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    root = tmp_path_factory.mktemp("misbehaving")
    stack = {"Pulumi.yaml": PYTHON_PROJECT, "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-3\n"}
    raising = project(root / "raising", {**stack, "__main__.py": RAISING_MAIN, "helper.py": RAISING_HELPER})
    hanging = project(root / "hanging", {**stack, "__main__.py": HANGING_MAIN})
    loud = write_program(root / "loud", LOUD_EXTRA)
    pack = project(root / "dying-pack", {"PulumiPolicy.yaml": "runtime: python\n", "__main__.py": DYING_PACK})
    compliant = write_program(root / "compliant")
    commands: dict[str, list[str | Path]] = {
        "raising": ["check", raising],
        "raising-debug": ["check", raising, "--debug"],
        "hanging": ["check", hanging, "--timeout", str(TIMEOUT), "--format", "json"],
        "loud": ["check", loud, "--format", "json"],
        "dying-pack": ["check", compliant, "--policy-pack", pack, "--format", "json"],
    }

    return dict(zip(commands, run_many(list(commands.values())), strict=True))


def test_raising_program_shows_the_users_exception_and_code(misbehaving: dict[str, Run]) -> None:
    run = misbehaving["raising"]
    assert run.returncode == 2, run.describe()
    assert run.stdout == ""
    message = run.stderr
    assert message.startswith("error: The program in ")
    assert "ValueError: bucket count 7 is not allowed" in message
    assert 'helper.py", line 2, in build' in message
    assert '__main__.py", line 4, in <module>' in message
    # Trimmed to the user's files: no residency, pulumi or runpy frames, and not Python's own traceback.
    assert FULL_TRACEBACK_HEADER not in message
    for foreign in ("_mockrun.py", "site-packages", "runpy", "asyncio"):
        assert foreign not in message, run.describe()
    assert "\n\n" not in message.strip()


def test_debug_shows_the_full_traceback(misbehaving: dict[str, Run]) -> None:
    run = misbehaving["raising-debug"]
    assert run.returncode == 2, run.describe()
    assert FULL_TRACEBACK_HEADER in run.stderr
    assert "_mockrun.py" in run.stderr
    assert 'helper.py", line 2, in build' in run.stderr
    # The one-paragraph message still ends the output.
    assert "error: The program in " in run.stderr.strip().split("\n\n")[-1]


def test_program_that_never_ends_is_stopped(misbehaving: dict[str, Run]) -> None:
    run = misbehaving["hanging"]
    assert_usage_error(run, "did not finish within 3 s")
    # Stopped at the limit, plus start-up; not left to run until the test's own timeout.
    assert TIMEOUT <= run.elapsed < TIMEOUT + 20, run.elapsed


def test_program_that_writes_20_mb_still_works(misbehaving: dict[str, Run]) -> None:
    run = misbehaving["loud"]
    assert run.returncode == 1, run.describe()
    # The program's own output goes nowhere near the report: stdout is exactly the JSON document.
    report = run.json()
    assert "xxxxxxxx" not in run.stdout + run.stderr
    assert [(f["policy"], f["urn"].rsplit("::", 1)[-1]) for f in findings(report)] == [
        ("stateless-log-retention", "forever-logs")
    ]


def test_policy_pack_that_dies_is_an_error_not_a_pass(misbehaving: dict[str, Run]) -> None:
    run = misbehaving["dying-pack"]
    assert_usage_error(run, "policy pack", "exited with code 3")
    assert run.stdout == "", "a dead pack must not produce a (passing) report"


# ---------------------------------------------------------------------------------------------------------------
# Hostile state files
# ---------------------------------------------------------------------------------------------------------------


def nested_export(depth: int) -> str:
    """An export whose bucket's ``tags`` input nests ``depth`` objects deep (built as text: json.dumps recurses)."""
    nested = '{"a":' * depth + '"leaf"' + "}" * depth
    provider = "urn:pulumi:dev::deep::pulumi:providers:aws::eu"
    return textwrap.dedent(
        f"""\
        {{"version": 3, "deployment": {{"resources": [
          {{"urn": "{provider}", "type": "pulumi:providers:aws", "custom": true, "id": "p1",
            "inputs": {{"region": "eu-west-3"}}, "outputs": {{"region": "eu-west-3"}}}},
          {{"urn": "urn:pulumi:dev::deep::aws:s3/bucket:Bucket::deep", "type": "aws:s3/bucket:Bucket",
            "custom": true, "id": "deep", "provider": "{provider}::p1",
            "inputs": {{"tags": {nested}}}, "outputs": {{}}}}
        ]}}}}
        """
    )


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_properties_do_not_crash(tmp_path: Path, depth: int) -> None:
    path = write(tmp_path / "deep.json", nested_export(depth))
    run = run_cli("audit", path, "--format", "json")
    assert run.returncode in (0, 1, 2), run.describe()
    assert FULL_TRACEBACK_HEADER not in run.stderr, run.describe()
    assert "RecursionError" not in run.stderr
    if run.returncode == 2:
        message = assert_usage_error(run)
        assert "deep" in message.lower() or "recursion" in message.lower(), message
    else:
        assert run.json()["resources"] == 2
    if depth == 5000:
        assert_usage_error(run, "nests JSON values too deeply")
