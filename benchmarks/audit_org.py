"""Benchmarks of the organisation-wide audit (issue 14): in-process evaluation and many stacks in parallel.

- Section 6, in process: one export of N resources (10,000; 1,000 with ``--quick``) evaluated by the residency
  pack in process, in a fresh interpreter, as ``audit`` does it: read and decode the JSON, then
  ``inprocess.Evaluator.evaluate_document`` (validation, decoding, every check), against
  ``json.load`` of the same file in the same process, interleaved; the interpreter's start-up and imports are
  measured apart; peak RSS is the process's own.
- Section 7, organisation: a DIY backend of 1,000 stacks of 100 resources (``org.py``; 100 with ``--quick``),
  the whole ``residency audit <backend> -f json -o FILE`` command with ``--jobs 1`` and ``--jobs 2``
  interleaved, against ``json.load`` of every stack file; and the same command on a tenth of the stacks for
  the scaling figure. CPU seconds are shown next to wall seconds: on a shared machine the wall ratio between
  one and two jobs depends on what else runs.

Everything reruns as is when the pack or the evaluator changes; nothing here knows the pack's internals.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Final

from benchmarks import measure, org, states

#: Runs in a fresh interpreter: imports timed apart, then json.load and load+evaluate interleaved.
_IN_PROCESS: Final = """
import json, resource, sys, time
began = time.perf_counter()
from residency import inprocess
from residency.engine import state
evaluator = inprocess.Evaluator({})
imports = time.perf_counter() - began
path, reps = sys.argv[1], int(sys.argv[2])
floor, load, evaluate, findings = [], [], [], 0
for _ in range(reps):
    t = time.perf_counter()
    with open(path, "rb") as handle:
        json.load(handle)
    floor.append(time.perf_counter() - t)
    t = time.perf_counter()
    data, name = state.read_bytes(path)
    document = state.decode_document(data, name=name)
    loaded = time.perf_counter()
    snapshot, evaluation = evaluator.evaluate_document(document, name=name)
    findings = len(evaluation.diagnostics)
    load.append(loaded - t)
    evaluate.append(time.perf_counter() - loaded)
    del data, document, snapshot, evaluation
print(json.dumps({"imports": imports, "floor": floor, "load": load, "evaluate": evaluate, "findings": findings,
                  "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _interpreter_start() -> float:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - began)
    return measure.median(times)


def bench_in_process(count: int, reps: int, work: Path, results: Any, row: Any, say: Any) -> None:
    """Section 6: one export evaluated in process against json.load of it."""
    export = states.write_export(count, work / f"in-process-{count}.json")
    say(f"in process: {count:,} resources x{reps}")
    completed = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, str(export), str(reps)], capture_output=True, text=True, check=True
    )
    data = json.loads(completed.stdout.strip().splitlines()[-1])
    start = _interpreter_start()
    totals = [a + b for a, b in zip(data["load"], data["evaluate"], strict=True)]
    ratio = measure.paired_ratio(totals, data["floor"])
    rss = data["max_rss_kib"] / 1024
    results.raw[f"in_process_{count}"] = {**data, "interpreter_start": start, "export_bytes": export.stat().st_size}
    big = count >= 10_000
    results.rows += [
        row(
            "6. in process",
            f"audit in process N={count:,}: load + evaluate / json.load",
            f"{ratio:.1f}x ({_s(measure.median(totals))} vs {_s(measure.median(data['floor']))}; "
            f"{export.stat().st_size / 1e6:.1f} MB export)",
            "≤ 10" if big else "",
            ratio <= 10 if big else None,
        ),
        row(
            "6. in process",
            f"audit in process N={count:,}: where the time goes",
            f"read + json {_s(measure.median(data['load']))}, validate + decode + evaluate "
            f"{_s(measure.median(data['evaluate']))} "
            f"({measure.median(data['evaluate']) / count * 1e6:.0f} us per resource)",
        ),
        row(
            "6. in process",
            "start-up, measured apart",
            f"interpreter {_s(start)}, imports and pack preparation {_s(data['imports'])}",
        ),
        row(
            "6. in process",
            f"audit in process N={count:,}: peak RSS",
            f"{rss:.0f} MB",
            "≤ 300 MB" if big else "",
            rss <= 300 if big else None,
        ),
        row("6. in process", f"audit in process N={count:,}: findings (expected 0)", str(data["findings"])),
    ]


#: Two processes each burning the CPU for a fixed count, against one process doing both counts: the most any
#: two-worker speed-up can be on this machine right now (other jobs share the cores).
_CALIBRATION: Final = """
import time
from concurrent.futures import ProcessPoolExecutor
def burn(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
if __name__ == "__main__":
    n = 6_000_000
    t = time.perf_counter(); burn(n); burn(n); one = time.perf_counter() - t
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(burn, [1, 1]))
        t = time.perf_counter(); list(pool.map(burn, [n, n])); two = time.perf_counter() - t
    print(one / two)
"""


def _calibration() -> float:
    completed = subprocess.run([sys.executable, "-c", _CALIBRATION], capture_output=True, text=True, check=True)
    return float(completed.stdout.strip().splitlines()[-1])


def _json_floor(files: list[Path], reps: int) -> float:
    times = []
    for _ in range(reps):
        began = time.perf_counter()
        for path in files:
            with path.open("rb") as handle:
                json.load(handle)
        times.append(time.perf_counter() - began)
    return measure.median(times)


def _audit(cli: str, backend: Path, out: Path, jobs: int) -> measure.CommandRun:
    run = measure.run_command([cli, "audit", str(backend), "-f", "json", "-o", str(out), "--jobs", str(jobs)])
    if run.code != 1:  # every tenth stack has a mandatory violation
        raise RuntimeError(f"residency audit --jobs {jobs} exited {run.code}: {run.stderr}")
    return run


def bench_org(stacks: int, reps: int, work: Path, results: Any, row: Any, say: Any) -> None:
    """Section 7: a whole backend audited with one and two jobs, against json.load of every stack file."""
    cli = shutil.which("residency", path=str(Path(sys.executable).parent)) or "residency"
    say(f"organisation: generating {stacks:,} stacks of 100 resources")
    began = time.perf_counter()
    backend, violations = org.write_backend(work / f"org-{stacks}", stacks, 100)
    generated = time.perf_counter() - began
    small, _ = org.write_backend(work / f"org-{stacks // 10}", stacks // 10, 100)
    files = org.stack_files(backend)
    total_bytes = sum(p.stat().st_size for p in files)
    _json_floor(files, 1)  # page cache
    floor = _json_floor(files, 3)
    say(f"organisation: {stacks:,} stacks, --jobs 1 and --jobs 2 x{reps}; {stacks // 10} stacks for scaling")
    load = os.getloadavg()
    out = work / "org-audit.json"
    runs: dict[str, list[measure.CommandRun]] = {"jobs1": [], "jobs2": [], "small": []}
    ceiling: list[float] = []
    for _ in range(reps):
        ceiling.append(_calibration())
        runs["jobs2"].append(_audit(cli, backend, out, 2))
        runs["jobs1"].append(_audit(cli, backend, out, 1))
        runs["small"].append(_audit(cli, small, work / "org-small.json", 2))
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    wall = {k: [r.seconds for r in v] for k, v in runs.items()}
    cpu = {k: [r.cpu_seconds for r in v] for k, v in runs.items()}
    speedup = measure.paired_ratio(wall["jobs1"], wall["jobs2"])
    over_floor = measure.median(wall["jobs2"]) / floor
    scale = measure.paired_ratio(wall["jobs2"], wall["small"])
    rss = max(r.max_rss_mib for v in runs.values() for r in v)
    results.raw[f"org_{stacks}"] = {
        "generated_seconds": generated,
        "json_load_seconds": floor,
        "bytes": total_bytes,
        "wall": wall,
        "cpu": cpu,
        "load_average_before": load,
        "two_process_ceiling": ceiling,
        "summary": summary,
    }
    big = stacks >= 1_000
    results.rows += [
        row(
            "7. organisation",
            f"audit of {stacks:,} stacks x 100 resources, --jobs 2: time / json.load of all files",
            f"{over_floor:.1f}x ({_s(measure.median(wall['jobs2']))} vs {_s(floor)}; "
            f"{total_bytes / 1e6:.0f} MB in {len(files):,} files)",
            "≤ 15" if big else "",
            over_floor <= 15 if big else None,
        ),
        row(
            "7. organisation",
            f"audit of {stacks:,} stacks: --jobs 1 / --jobs 2 (wall)",
            f"{speedup:.2f}x ({_s(measure.median(wall['jobs1']))} vs {_s(measure.median(wall['jobs2']))}; "
            f"CPU {_s(measure.median(cpu['jobs1']))} vs {_s(measure.median(cpu['jobs2']))}; load average before "
            f"{load[0]:.1f})",
            "≥ 1.7" if big else "",
            speedup >= 1.7 if big else None,
        ),
        row(
            "7. organisation",
            "machine: two CPU-bound processes / one (pure Python loop), the ceiling of the row above",
            f"{measure.median(ceiling):.2f}x (each repetition: {', '.join(f'{c:.2f}' for c in ceiling)})",
        ),
        row(
            "7. organisation",
            f"audit time {stacks:,} / {stacks // 10:,} stacks (--jobs 2)",
            f"{scale:.1f}x ({_s(measure.median(wall['small']))} -> {_s(measure.median(wall['jobs2']))})",
            "≤ 11" if big else "",
            scale <= 11 if big else None,
        ),
        row(
            "7. organisation",
            f"audit of {stacks:,} stacks: peak RSS (largest process), findings",
            f"{rss:.0f} MB; {summary['mandatory']} mandatory in {summary['stacks']:,} stacks "
            f"(expected {violations}), {summary['failed']} failed",
        ),
        row("7. organisation", f"generating {stacks:,} stacks of 100 resources", _s(generated)),
    ]


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds:.2f} s"


__all__ = ["bench_in_process", "bench_org"]
