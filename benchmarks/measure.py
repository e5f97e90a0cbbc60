"""Timing helpers: interleaved repetitions, medians, percentiles, and peak RSS of a command and its children."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final


def interleaved(variants: Mapping[str, Callable[[], object]], repetitions: int) -> dict[str, list[float]]:
    """Run every variant once per repetition, in turn (A B A B ...), and return each one's wall times."""
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repetitions):
        for name, action in variants.items():
            began = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - began)
    return times


def median(values: Sequence[float]) -> float:
    """The median (the middle of an odd count)."""
    return statistics.median(values)


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the per-repetition ratios (each pair measured side by side)."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which ``fraction`` of the sorted values lie (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


# A tiny parent that runs the command, waits for it, and reports the largest peak RSS among its descendants
# that were waited for (the CLI process, and the pack process the CLI waits for when it stops it).
_RSS_WRAPPER: Final = """
import json, resource, subprocess, sys, time
began = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
elapsed = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": elapsed, "code": code.returncode, "stderr": code.stderr.decode()[-2000:],
                  "max_rss_kib": usage.ru_maxrss, "cpu_seconds": usage.ru_utime + usage.ru_stime}))
"""


@dataclass(frozen=True)
class CommandRun:
    """One run of a command: wall seconds, exit code, peak RSS (MiB) of the largest process in its tree."""

    seconds: float
    code: int
    max_rss_mib: float
    stderr: str
    #: CPU seconds (user + system) of the command and the children it waited for.
    cpu_seconds: float = 0.0


def run_command(command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> CommandRun:
    """Run ``command`` under the RSS wrapper (a fresh parent, so earlier children do not count)."""
    completed = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, *command],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
        env=dict(env) if env is not None else dict(os.environ),
    )
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    return CommandRun(
        float(data["seconds"]),
        int(data["code"]),
        data["max_rss_kib"] / 1024,
        str(data["stderr"]),
        float(data.get("cpu_seconds", 0.0)),
    )
