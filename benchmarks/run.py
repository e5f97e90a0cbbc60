"""The benchmark run: generate inputs, measure every figure side by side, print a table, write the results."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

from rich.console import Console
from rich.table import Table

from benchmarks import audit_org, measure, programs, states, terraform
from residency import runner
from residency.engine import pack_process, policy_config, session, state, wire
from residency.engine.records import ResourceRecord, StackSnapshot, is_provider_type

HERE: Final = Path(__file__).resolve().parent
RESULTS_DIR: Final = HERE / "results"
PUBLISHED: Final = HERE / "RESULTS.md"


@dataclass(frozen=True)
class Settings:
    """How much to measure (``--quick`` shrinks everything)."""

    quick: bool
    check_sizes: tuple[int, ...]
    check_reps: int
    latency_resources: int
    audit_sizes: tuple[int, ...]
    audit_reps: dict[int, int]
    checkov_reps: dict[int, int]
    checkov_python: str | None

    @classmethod
    def of(cls, quick: bool, checkov_python: str | None) -> Settings:
        if quick:
            return cls(True, (100,), 2, 300, (1_000,), {1_000: 2}, {1_000: 1}, checkov_python)
        return cls(
            False,
            (100, 1_000),
            3,
            1_000,
            (1_000, 10_000),
            {1_000: 3, 10_000: 3},
            {1_000: 3, 10_000: 1},
            checkov_python,
        )


@dataclass
class Row:
    """One line of the table: a figure, its value, its target and whether it is met (``None``: context)."""

    section: str
    figure: str
    value: str
    target: str = ""
    met: bool | None = None


@dataclass
class Results:
    """Everything measured, as written to ``results/latest.json``."""

    started: str
    machine: dict[str, Any]
    quick: bool
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    wall_seconds: float = 0.0


def machine() -> dict[str, Any]:
    """nproc, CPU model, Python version, platform."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds:.2f} s"


def _say(console: Console, text: str) -> None:
    console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {text}", highlight=False)


# ---------------------------------------------------------------------------------------------------------------
# 1. Policy overhead in `check`
# ---------------------------------------------------------------------------------------------------------------


def bench_check(settings: Settings, work: Path, noop: Path, results: Results, console: Console) -> None:
    """``runner.check_program`` with the project's pack and with the no-op pack, interleaved."""
    for count in settings.check_sizes:
        program = programs.write_program(work / f"program-{count}", count)
        findings: dict[str, int] = {}

        def run(
            pack: Path | None, label: str, program: Path = program, findings: dict[str, int] = findings
        ) -> None:
            report = runner.check_program(program, stack=programs.STACK, pack_dir=pack)
            findings[label] = len(report.violations) + len(report.undetermined)

        _say(console, f"check: {count} resources, project pack vs no-op pack x{settings.check_reps}")
        run(None, "full")  # warm the page cache and imports once, unmeasured
        times = measure.interleaved(
            {"full": lambda: run(None, "full"), "noop": lambda: run(noop, "noop")}, settings.check_reps
        )
        ratio = measure.paired_ratio(times["full"], times["noop"])
        results.raw[f"check_{count}"] = {**times, "findings": findings}
        target = "≤ 1.25" if count == 1_000 else ""
        results.rows.append(
            Row(
                "1. check",
                f"check N={count:,}: full / no-op pack",
                f"{ratio:.2f}x ({_ms(measure.median(times['full']))} vs {_ms(measure.median(times['noop']))})",
                target,
                ratio <= 1.25 if target else None,
            )
        )
        if findings.get("full"):
            results.rows.append(Row("1. check", f"check N={count:,}: findings (expected 0)", str(findings["full"])))


# ---------------------------------------------------------------------------------------------------------------
# 2. Per-resource Analyze latency
# ---------------------------------------------------------------------------------------------------------------


def _started_pack(pack_dir: Path, snapshot: StackSnapshot) -> pack_process.PackProcess:
    pack = pack_process.PackProcess(
        pack_dir, project=snapshot.project, stack=snapshot.stack, dry_run=False, config=snapshot.config
    )
    pack.start()
    pack.handshake()
    pack.configure_stack()
    pack.get_plugin_info()
    pack.configure(policy_config.reconcile_policy_config(pack.get_analyzer_info()))
    return pack


def bench_latency(settings: Settings, work: Path, noop: Path, results: Results, console: Console) -> None:
    """``Analyze`` over gRPC, one resource at a time, alternating the two packs on the same resources."""
    snapshot = state.parse_state(states.export(settings.latency_resources + 60))
    by_urn = {r.urn: r for r in snapshot.resources}
    records = [r for r in snapshot.resources if not is_provider_type(r.type)]

    def provider(record: ResourceRecord) -> ResourceRecord | None:
        return by_urn.get(record.provider_urn) if record.provider_urn else None

    _say(console, f"Analyze latency: {len(records)} resources, project pack and no-op pack alternating")
    latencies: dict[str, list[float]] = {"full": [], "noop": []}
    full = _started_pack(runner.default_pack_dir(), snapshot)
    try:
        empty = _started_pack(noop, snapshot)
        try:
            packs = {"full": full, "noop": empty}
            for index, record in enumerate(records):
                for name, pack in packs.items():
                    began = time.perf_counter()
                    found = pack.analyze(record, provider(record))
                    elapsed = time.perf_counter() - began
                    if found:
                        raise RuntimeError(f"{name} pack reported {found[0].policy_name} on {record.urn}")
                    if index >= 50:  # the first calls warm caches and connections
                        latencies[name].append(elapsed)
        finally:
            empty.close()
    finally:
        full.close()
    p50 = {k: measure.percentile(v, 0.50) for k, v in latencies.items()}
    p99 = {k: measure.percentile(v, 0.99) for k, v in latencies.items()}
    results.raw["analyze_latency"] = {"p50": p50, "p99": p99, "calls": len(latencies["full"])}
    ratio = p50["full"] / p50["noop"]
    results.rows += [
        Row(
            "2. Analyze",
            "Analyze p50: full / no-op pack",
            f"{ratio:.2f}x ({_ms(p50['full'])} vs {_ms(p50['noop'])})",
            "≤ 1.5",
            ratio <= 1.5,
        ),
        Row(
            "2. Analyze",
            "Analyze p99: full / no-op pack",
            f"{p99['full'] / p99['noop']:.2f}x ({_ms(p99['full'])} vs {_ms(p99['noop'])})",
        ),
    ]


def _servicer(policies: list[Any]) -> Any:
    from pulumi.runtime.proto import analyzer_pb2
    from pulumi_policy import EnforcementLevel
    from pulumi_policy.policy import _PolicyAnalyzerServicer

    servicer = _PolicyAnalyzerServicer("bench", "0.0.1", policies, EnforcementLevel.MANDATORY)
    info = policy_config.AnalyzerInfo(
        "bench",
        "0.0.1",
        tuple(
            policy_config.PolicyInfo(p.name, p.description, (p.enforcement_level or EnforcementLevel.MANDATORY).value)
            for p in policies
        ),
    )
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for name, entry in policy_config.reconcile_policy_config(info).items():
        level = {"advisory": analyzer_pb2.ADVISORY, "mandatory": analyzer_pb2.MANDATORY}[entry.enforcement_level]
        request.policyConfig[name].CopyFrom(analyzer_pb2.PolicyConfig(enforcementLevel=level))
    servicer.Configure(request, None)  # type: ignore[no-untyped-call]
    return servicer


def bench_sdk_floor(settings: Settings, results: Results, console: Console) -> None:
    """In process, no gRPC: the SDK's own cost per resource policy, against the pack's whole cost.

    pulumi_policy deserializes a resource's properties (and its provider's) once per resource policy, so a pack
    of K resource policies pays K deserializations per resource whatever its policies do.
    """
    from pulumi_policy import ResourceValidationPolicy

    from residency.policies import build_policies

    def nothing(args: Any, report: Any) -> None:
        """Report nothing."""

    policies = build_policies()
    count = sum(isinstance(p, ResourceValidationPolicy) for p in policies)
    snapshot = state.parse_state(states.export(settings.latency_resources + 60))
    by_urn = {r.urn: r for r in snapshot.resources}
    records = [r for r in snapshot.resources if not is_provider_type(r.type)]
    requests = [
        pack_process.PackProcess._analyze_request(  # a pure function of its arguments
            None,  # type: ignore[arg-type]
            r,
            by_urn.get(r.provider_urn) if r.provider_urn else None,
        )
        for r in records
    ]
    variants = {
        "noop-1": _servicer([ResourceValidationPolicy(name="noop", description="d", validate=nothing)]),
        f"noop-{count}": _servicer(
            [ResourceValidationPolicy(name=f"noop-{i}", description="d", validate=nothing) for i in range(count)]
        ),
        "full": _servicer(policies),
    }
    _say(console, f"Analyze in process (no gRPC): 1 and {count} no-op policies vs the pack, {len(requests)} resources")

    def each(servicer: Any) -> Callable[[], None]:
        def run() -> None:
            for request in requests:
                servicer.Analyze(request, None)

        return run

    times = measure.interleaved({k: each(v) for k, v in variants.items()}, 3)
    per = {k: measure.median(v) / len(requests) for k, v in times.items()}
    results.raw["analyze_in_process_us"] = {k: v * 1e6 for k, v in per.items()}
    results.rows.append(
        Row(
            "2. Analyze",
            f"in process per resource: 1 no-op policy / {count} no-op policies / the pack",
            f"{per['noop-1'] * 1e6:.0f} / {per[f'noop-{count}'] * 1e6:.0f} / {per['full'] * 1e6:.0f} us "
            f"(SDK share of the pack's extra cost: "
            f"{(per[f'noop-{count}'] - per['noop-1']) / max(per['full'] - per['noop-1'], 1e-9):.0%})",
        )
    )


def _stack_request(snapshot: StackSnapshot) -> Any:
    """The AnalyzeStack request ``residency audit`` sends (outputs, providers, parents, property dependencies)."""
    from pulumi.runtime.proto import analyzer_pb2

    by_urn = {r.urn: r for r in snapshot.resources}
    request = analyzer_pb2.AnalyzeStackRequest()
    for record in snapshot.resources:
        if is_provider_type(record.type):
            continue
        message = request.resources.add(
            type=record.type,
            properties=wire.to_struct(record.outputs),
            urn=record.urn,
            name=record.name,
            parent=record.parent_urn or "",
            dependencies=list(record.dependencies),
        )
        provider = by_urn.get(record.provider_urn or "")
        if provider is not None:
            message.provider.type = provider.type
            message.provider.urn = provider.urn
            message.provider.name = provider.name
            message.provider.properties.CopyFrom(wire.to_struct(provider.inputs))
        for prop, urns in record.property_dependencies.items():
            if urns:
                message.propertyDependencies[prop].urns.extend(urns)
    return request


def bench_stack_policies(results: Results, console: Console) -> None:
    """The pack's stack policies alone, in process with the collector paused (as tests/policies does)."""
    from residency.policies import build_policies

    servicer = _servicer(build_policies())
    seconds: dict[int, float] = {}
    for count, reps in ((1_000, 3), (10_000, 2)):
        request = _stack_request(state.parse_state(states.export(count)))
        _say(console, f"AnalyzeStack in process: {count:,} resources x{reps}")
        times = []
        for _ in range(reps):
            gc.collect()
            gc.disable()
            try:
                began = time.perf_counter()
                response = servicer.AnalyzeStack(request, None)
                times.append(time.perf_counter() - began)
            finally:
                gc.enable()
            if list(response.diagnostics):
                raise RuntimeError(f"stack policies reported {response.diagnostics[0].policyName}")
        seconds[count] = measure.median(times)
    scale = seconds[10_000] / seconds[1_000]
    results.raw["analyze_stack_in_process"] = seconds
    results.rows.append(
        Row(
            "4. linear",
            "AnalyzeStack in process, GC paused, 10,000 / 1,000",
            f"{scale:.1f}x ({_ms(seconds[1_000])} -> {_ms(seconds[10_000])})",
            "≈ 10 (linear; < 20 in tests)",
            scale <= 12,
        )
    )


# ---------------------------------------------------------------------------------------------------------------
# 3-5. audit, its floor, stack-policy linearity, and the checkov peer
# ---------------------------------------------------------------------------------------------------------------


def _json_floor(path: Path, repetitions: int) -> float:
    times = []
    for _ in range(repetitions):
        began = time.perf_counter()
        with path.open("rb") as handle:
            json.load(handle)
        times.append(time.perf_counter() - began)
    return measure.median(times)


def _breakdown(path: Path) -> dict[str, float]:
    """Where an audit's time goes, in process: load_state, then run_pack's start, Analyze calls, AnalyzeStack."""
    gc.collect()
    began = time.perf_counter()
    snapshot = state.load_state(path)
    loaded = time.perf_counter() - began
    run = session.run_pack(runner.default_pack_dir(), snapshot, dry_run=False)
    return {"load_state": loaded, **{k: float(v) for k, v in run.timings.items()}, "analyzed": float(run.analyzed)}


def bench_audit(settings: Settings, work: Path, results: Results, console: Console) -> None:
    """``residency audit`` as a subprocess (wall time, peak RSS) against json.load, plus the checkov peer."""
    residency_cli = shutil.which("residency", path=str(Path(sys.executable).parent)) or "residency"
    checkov, skipped = terraform.find_checkov(settings.checkov_python)
    audit_median: dict[int, float] = {}
    for count in settings.audit_sizes:
        export = states.write_export(count, work / f"export-{count}.json")
        plan = terraform.write_plan(count, work / f"plan-{count}.json")
        out = work / f"audit-{count}.json"
        floor = _json_floor(export, 5)
        reps = settings.audit_reps[count]
        _say(console, f"audit: {count:,} resources x{reps} (and checkov, interleaved)")
        audits: list[measure.CommandRun] = []
        checks: list[float] = []
        checkov_counts: dict[str, int] = {}
        for rep in range(reps):
            run = measure.run_command([residency_cli, "audit", str(export), "-f", "json", "-o", str(out)])
            if run.code != 0:
                raise RuntimeError(f"residency audit exited {run.code}: {run.stderr}")
            audits.append(run)
            if checkov is not None and rep < settings.checkov_reps[count]:
                checkov_run = measure.run_command(
                    terraform.checkov_command(checkov, plan, work / f"checkov-{count}"), cwd=work
                )
                if checkov_run.code not in (0, 1):
                    raise RuntimeError(f"checkov exited {checkov_run.code}: {checkov_run.stderr}")
                checks.append(checkov_run.seconds)
        report = json.loads(out.read_text(encoding="utf-8"))
        violations = len(report.get("violations", [])) + len(report.get("undetermined", []))
        if checks:
            checkov_counts = terraform.read_results(work / f"checkov-{count}")
        _say(console, f"audit: {count:,} resources, in-process breakdown")
        breakdown = _breakdown(export)
        seconds = [a.seconds for a in audits]
        audit_median[count] = measure.median(seconds)
        rss = max(a.max_rss_mib for a in audits)
        results.raw[f"audit_{count}"] = {
            "seconds": seconds,
            "max_rss_mib": [a.max_rss_mib for a in audits],
            "json_load_seconds": floor,
            "export_bytes": export.stat().st_size,
            "findings": violations,
            "breakdown": breakdown,
            "checkov_seconds": checks,
            "checkov_results": checkov_counts,
        }
        ratio = audit_median[count] / floor
        big = count == 10_000
        results.rows += [
            Row(
                "3. audit",
                f"audit N={count:,}: time / json.load",
                f"{ratio:.0f}x ({_ms(audit_median[count])} vs {_ms(floor)}; "
                f"{export.stat().st_size / 1e6:.1f} MB export)",
                "≤ 5" if big else "",
                ratio <= 5 if big else None,
            ),
            Row(
                "3. audit",
                f"audit N={count:,} --engine-protocol: where the time goes",
                f"load {_ms(breakdown['load_state'])}, pack start {_ms(breakdown['start'])}, "
                f"{int(breakdown['analyzed']):,} Analyze {_ms(breakdown['analyze'])} "
                f"({breakdown['analyze'] / max(breakdown['analyzed'], 1) * 1000:.2f} ms each), "
                f"AnalyzeStack {_ms(breakdown['stack'])}",
            ),
            Row(
                "3. audit",
                f"audit N={count:,}: peak RSS (max of CLI and pack)",
                f"{rss:.0f} MB",
                "≤ 500 MB" if big else "",
                rss <= 500 if big else None,
            ),
            Row("3. audit", f"audit N={count:,}: findings (expected 0)", str(violations)),
        ]
        if checkov is None:
            results.rows.append(Row("5. peer", f"checkov N={count:,}", f"skipped: {skipped}"))
        else:
            checkov_median = measure.median(checks)
            results.rows.append(
                Row(
                    "5. peer",
                    f"audit / checkov N={count:,}",
                    f"{audit_median[count] / checkov_median:.2f}x ({_ms(audit_median[count])} vs "
                    f"{_ms(checkov_median)}; checkov passed {checkov_counts.get('passed', 0):,}, "
                    f"failed {checkov_counts.get('failed', 0):,})",
                )
            )
    if 1_000 in audit_median and 10_000 in audit_median:
        scale = audit_median[10_000] / audit_median[1_000]
        small = results.raw["audit_1000"]["breakdown"]
        large = results.raw["audit_10000"]["breakdown"]
        stack_scale = large["stack"] / small["stack"]
        analyze_scale = large["analyze"] / small["analyze"]
        results.rows += [
            Row("4. linear", "audit time 10,000 / 1,000", f"{scale:.1f}x", "≤ 12", scale <= 12),
            Row(
                "4. linear",
                "AnalyzeStack over gRPC, one sample each, 10,000 / 1,000",
                f"{stack_scale:.1f}x ({_ms(small['stack'])} -> {_ms(large['stack'])})",
            ),
            Row("4. linear", "Analyze calls 10,000 / 1,000", f"{analyze_scale:.1f}x"),
        ]


# ---------------------------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------------------------


def table(results: Results) -> Table:
    """The rich table of every row."""
    view = Table(title="pulumi-residency benchmarks" + (" (quick)" if results.quick else ""))
    for column in ("Section", "Figure", "Measured", "Target", "Met"):
        view.add_column(column, overflow="fold")
    for row in results.rows:
        met = "" if row.met is None else ("[green]yes[/]" if row.met else "[red]no[/]")
        view.add_row(row.section, row.figure, row.value, row.target, met)
    return view


def markdown(results: Results) -> str:
    """RESULTS.md: date, machine and the table."""
    m = results.machine
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {results.started}",
        f"- Machine: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, {m['platform']}; load average at "
        f"start {', '.join(map(str, m['load_average_at_start']))}",
        f"- Command: `python -m benchmarks{' --quick' if results.quick else ''}`; whole run "
        f"{results.wall_seconds:.0f} s",
        "",
        "| Section | Figure | Measured | Target | Met |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in results.rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.section} | {row.figure} | {row.value} | {row.target} | {met} |")
    lines += ["", "Ratios are medians of per-repetition ratios of variants run side by side; see README.md.", ""]
    return "\n".join(lines)


def replace_sections(published: str, results: Results) -> str:
    """RESULTS.md with the rows of the sections just measured replaced, and a line saying when they were."""
    sections = {row.section for row in results.rows}
    lines = [line for line in published.splitlines() if not any(line.startswith(f"| {s} |") for s in sections)]
    rows = [
        f"| {row.section} | {row.figure} | {row.value} | {row.target} | "
        f"{'' if row.met is None else ('yes' if row.met else '**no**')} |"
        for row in results.rows
    ]
    end = max(i for i, line in enumerate(lines) if line.startswith("| "))
    lines[end + 1 : end + 1] = rows
    note = (
        f"- Sections {', '.join(sorted(s.split('.')[0] for s in sections))} rerun: {results.started}, "
        f"`python -m benchmarks --only audit`, {results.wall_seconds:.0f} s; load average at start "
        f"{', '.join(map(str, results.machine['load_average_at_start']))}"
    )
    lines = [line for line in lines if not line.startswith("- Sections ")]
    command = next(i for i, line in enumerate(lines) if line.startswith("- Command:"))
    lines.insert(command + 1, note)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m benchmarks``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Smaller inputs and fewer repetitions (under 60 s).")
    parser.add_argument(
        "--checkov-python",
        default=os.environ.get("BENCH_CHECKOV_PYTHON"),
        help="An interpreter that can import checkov (default: this one, or $BENCH_CHECKOV_PYTHON).",
    )
    parser.add_argument(
        "--no-publish", action="store_true", help="Do not rewrite benchmarks/RESULTS.md (full runs rewrite it)."
    )
    parser.add_argument(
        "--only",
        choices=["audit"],
        help="Run only the organisation-wide audit sections (6 and 7) and replace their rows in RESULTS.md.",
    )
    args = parser.parse_args(argv)
    settings = Settings.of(args.quick, args.checkov_python)
    console = Console()
    if not console.is_terminal:
        console = Console(width=170)
    began = time.perf_counter()
    results = Results(dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), machine(), settings.quick)
    def say(text: str) -> None:
        _say(console, text)

    in_process_size, org_stacks, org_reps = (1_000, 100, 1) if settings.quick else (10_000, 1_000, 3)
    steps: list[Callable[[Path, Path], None]] = [
        lambda work, noop: bench_check(settings, work, noop, results, console),
        lambda work, noop: bench_latency(settings, work, noop, results, console),
        lambda _work, _noop: bench_sdk_floor(settings, results, console),
        lambda work, _noop: bench_audit(settings, work, results, console),
        lambda _work, _noop: None if settings.quick else bench_stack_policies(results, console),
        lambda work, _noop: audit_org.bench_in_process(in_process_size, 3, work, results, Row, say),
        lambda work, _noop: audit_org.bench_org(org_stacks, org_reps, work, results, Row, say),
    ]
    if args.only == "audit":
        steps = steps[-2:]
    with tempfile.TemporaryDirectory(prefix="residency-bench-") as scratch:
        work = Path(scratch)
        noop = programs.write_noop_pack(work / "noop-pack")
        for step in steps:
            step(work, noop)
    results.wall_seconds = time.perf_counter() - began
    console.print(table(results))
    console.print(f"Whole run: {results.wall_seconds:.0f} s")
    RESULTS_DIR.mkdir(exist_ok=True)
    payload = {**asdict(results), "rows": [asdict(r) for r in results.rows]}
    (RESULTS_DIR / "latest.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if not settings.quick and not args.no_publish and not args.only:
        PUBLISHED.write_text(markdown(results), encoding="utf-8")
    elif args.only and not settings.quick and not args.no_publish and PUBLISHED.is_file():
        PUBLISHED.write_text(replace_sections(PUBLISHED.read_text(encoding="utf-8"), results), encoding="utf-8")
        console.print(f"Wrote {RESULTS_DIR / 'latest.json'} and {PUBLISHED}")
    elif args.only and not args.no_publish:
        console.print(f"Wrote {RESULTS_DIR / 'latest.json'} and sections 6 and 7 of {PUBLISHED}")
    else:
        console.print(f"Wrote {RESULTS_DIR / 'latest.json'}")
    return 0
