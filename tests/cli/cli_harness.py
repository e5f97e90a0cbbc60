"""The tests/cli harness: run the installed ``residency`` console script in a subprocess, look at its output.

Every ``residency check`` costs a program run and a policy pack start (about 1.5 s), so tests that look at the
same run share it through module-scoped fixtures, and independent runs go through :func:`run_many`, which runs
them a few at a time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

#: The console script of the virtualenv running the tests.
RESIDENCY = Path(sys.executable).with_name("residency")
#: The repository root (this file is tests/cli/cli_harness.py).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Real state exports kept in the repository (tests/fixtures/pulumi-state/README.md says where each comes from).
STATES = REPO_ROOT / "tests" / "fixtures" / "pulumi-state"
#: The vendored SARIF 2.1.0 schema (draft-07).
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

#: How many CLI runs :func:`run_many` keeps going at once (each is two or three Python processes).
PARALLEL_RUNS = max(2, min(4, os.cpu_count() or 2))

#: Printed by Python for an uncaught exception; must never reach a user outside ``--debug``.
FULL_TRACEBACK_HEADER = "Traceback (most recent call last):"
#: The keys of a finding in a ``check`` JSON report: the contract's, plus the emulation passes that found it.
CHECK_FINDING_KEYS = {"policy", "pack", "level", "severity", "urn", "resource_type", "message", "passes"}
#: Tests that need the pack's v2: with the faithful preview, a resource being created has its output-only
#: properties (bucketRegion, streamArn, executionArn, ...) unknown in AnalyzeStack, as under `pulumi preview`,
#: and today's side-door-references calls them undetermined references instead of the resource's own values.


@dataclass(frozen=True)
class Run:
    """One finished ``residency`` invocation."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    #: Wall-clock seconds the command took.
    elapsed: float

    def json(self) -> dict[str, Any]:
        """Standard output as exactly one JSON object."""
        document = json.loads(self.stdout)
        assert isinstance(document, dict), f"stdout of {self.args} is not one JSON object"
        return document

    def describe(self) -> str:
        """For assertion messages: the command, its exit code and the ends of its output."""
        return (
            f"residency {' '.join(self.args)} -> exit {self.returncode}\n"
            f"--- stdout (end) ---\n{self.stdout[-2000:]}\n--- stderr (end) ---\n{self.stderr[-3000:]}"
        )


def cli_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a CLI run: this one, minus anything Pulumi would read, with a wide terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "AWS_"))}
    # Rich wraps tables at COLUMNS when stdout is not a terminal; wide rows keep each table row on one line.
    env["COLUMNS"] = "400"
    env["NO_COLOR"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run_cli(
    *args: str | Path,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 180,
) -> Run:
    """Run ``residency *args`` to completion and capture its output (never raises on a non-zero exit)."""
    assert RESIDENCY.is_file(), f"the console script {RESIDENCY} is missing: pip install -e . in this virtualenv"
    argv = tuple(str(a) for a in args)
    start = time.monotonic()
    completed = subprocess.run(
        [str(RESIDENCY), *argv],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd or REPO_ROOT,
        env=cli_env(env),
        timeout=timeout,
        check=False,
    )
    return Run(
        argv,
        completed.returncode,
        completed.stdout.decode("utf-8", errors="replace"),
        completed.stderr.decode("utf-8", errors="replace"),
        time.monotonic() - start,
    )


def run_many(commands: Sequence[Sequence[str | Path]]) -> list[Run]:
    """Run several independent invocations, a few at a time; results in the order given."""
    with ThreadPoolExecutor(max_workers=PARALLEL_RUNS) as pool:
        return list(pool.map(lambda argv: run_cli(*argv), commands))


def assert_usage_error(run: Run, *keywords: str) -> str:
    """Exit 2, nothing on stdout, and one line on stderr that names the problem (all ``keywords``), no traceback."""
    assert run.returncode == 2, run.describe()
    assert run.stdout == "", run.describe()
    message = run.stderr.strip()
    assert message.startswith("error:"), run.describe()
    assert FULL_TRACEBACK_HEADER not in message, run.describe()
    assert "RecursionError" not in message, run.describe()
    # One paragraph: Rich soft-wraps stderr, so a message is one physical line however long it is.
    assert len(message.splitlines()) == 1, run.describe()
    lowered = message.lower()
    missing = [k for k in keywords if k.lower() not in lowered]
    assert not missing, f"message lacks {missing}: {message}"
    return message


def findings(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Violations and undetermined findings of a JSON report, together."""
    return [*document["violations"], *document["undetermined"]]


def walk_strings(value: Any) -> Iterator[str]:
    """Every string (keys included) in a decoded JSON document."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_strings(item)


def report_texts(output: str, fmt: str) -> list[str]:
    """The raw output plus every string it carries once decoded (JSON escapes, XML entities undone)."""
    texts = [output]
    if fmt in ("json", "sarif"):
        texts.extend(walk_strings(json.loads(output)))
    elif fmt == "junit":
        root = ET.fromstring(output)
        for element in root.iter():
            texts.extend(element.attrib.values())
            texts.append(element.text or "")
    return texts


def assert_no_secret(output: str, fmt: str, secrets: Sequence[str], where: str, *, pieces: bool = False) -> None:
    """None of ``secrets`` is in ``output``, decoded or not.

    With ``pieces`` (for random strings such as ciphertexts) the first and last 12 characters are looked for
    too, so a value folded over two lines of a text table is still caught.
    """
    texts = report_texts(output, fmt)
    for secret in secrets:
        probes = {secret}
        if pieces and len(secret) >= 24:
            probes |= {secret[:12], secret[-12:]}
        for probe in probes:
            leaked = [t for t in texts if probe in t]
            assert not leaked, f"{where} ({fmt}) shows the secret value {probe!r}"
