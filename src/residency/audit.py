"""The organisation-wide audit: discover stacks, take a shard, evaluate them in parallel, aggregate.

:func:`run_audit` is what ``residency audit`` runs for directories, DIY backends and several inputs:

1. :func:`residency.backends.discover` lists every stack of every input (nothing is read yet);
2. ``--shard I/N`` keeps the stacks whose identity hashes to share ``I`` (:func:`in_shard`): the shares of
   ``1/N`` to ``N/N`` are disjoint and cover everything, whatever machine runs them, so a CI matrix can split
   an organisation across jobs;
3. the stacks are cut into chunks of about equal bytes and evaluated by ``--jobs`` worker processes (forked
   after the pack is imported and the configuration checked, so workers start at once). A worker reads each
   stack (files, gzip, S3), evaluates it in process (or through the engine protocol for another pack) and
   returns compact results; a stack that fails to load or evaluate becomes a :class:`StackAudit` with its
   reason and never stops the others;
4. the results come back in discovery order as an :class:`~residency.org_report.OrgReport`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from residency import backends, inprocess, report, runner
from residency.engine import policy_config as engine_config
from residency.engine import session, state
from residency.org_report import OrgReport, StackAudit

#: A chunk aims at this many bytes of state (several small stacks per task, big stacks alone).
CHUNK_BYTES: Final = 4 * 1024 * 1024
#: Chunks per worker at least, so that the last chunks do not leave a worker idle for long.
CHUNKS_PER_WORKER: Final = 6


@dataclass(frozen=True)
class AuditOptions:
    """How to audit: the pack, its configuration, the evaluation path, parallelism and the shard."""

    pack_dir: Path | None = None
    policy_config_file: Path | None = None
    engine_protocol: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    shard: tuple[int, int] | None = None
    endpoint_url: str | None = None
    timeout: float = 300.0
    #: Keep every resource's URN and type (JUnit lists them); otherwise only counts travel back.
    keep_resources: bool = False
    #: Pack settings for every policy (``--zone``, ``--supported-countries``).
    pack_settings: Mapping[str, Any] = field(default_factory=dict)


def parse_shard(text: str) -> tuple[int, int]:
    """``I/N`` (1 <= I <= N) as a pair, or :class:`runner.RunError` saying what a shard looks like."""
    index, _, total = text.partition("/")
    try:
        i, n = int(index), int(total)
    except ValueError:
        i = n = 0
    if not 1 <= i <= n:
        raise runner.RunError(
            f"--shard {text!r} is not a share of the stacks; write I/N with 1 <= I <= N (for example 2/4 in the "
            "second of four CI jobs)."
        )
    return i, n


def in_shard(source: backends.StackSource, shard: tuple[int, int] | None) -> bool:
    """Whether a stack belongs to share ``I`` of ``N``: a hash of its identity, so any machine agrees."""
    if shard is None:
        return True
    index, total = shard
    digest = hashlib.sha256(source.label.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % total == index - 1


# ---------------------------------------------------------------------------------------------------------------
# One stack, in whichever process runs it
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """What a worker needs besides the stack: plain data, cheap to pickle."""

    pack_dir: str | None
    policy_config: dict[str, Any]
    policy_config_file: str | None
    in_process: bool
    timeout: float
    keep_resources: bool
    want_profile: bool


#: The evaluator of this process, built once per configuration (a forked worker inherits the parent's).
_EVALUATORS: dict[str, inprocess.Evaluator] = {}


def _evaluator(job: _Job) -> inprocess.Evaluator:
    key = json.dumps(job.policy_config, sort_keys=True)
    evaluator = _EVALUATORS.get(key)
    if evaluator is None:
        evaluator = _EVALUATORS[key] = inprocess.Evaluator(job.policy_config)
    return evaluator


def evaluate_source(source: backends.StackSource, job: _Job) -> StackAudit:
    """Read and evaluate one stack; every failure becomes the stack's ``error``, never an exception."""
    project, _, stack = source.hint.rpartition("/")
    try:
        document = state.decode_document(backends.read_state(source), name=source.label)
        if job.in_process:
            snapshot, evaluation = _evaluator(job).evaluate_document(
                document, name=source.label, profile=job.want_profile
            )
        else:
            snapshot = state.parse_state(document, name=source.label)
        del document
    except (backends.BackendError, state.StateError) as exc:
        return StackAudit(source.label, project, stack, error=str(exc))
    except inprocess.InProcessError as exc:
        return StackAudit(source.label, project, stack, error=str(exc))
    except Exception as exc:  # a stack must never stop the others
        return StackAudit(source.label, project, stack, error=f"Reading failed: {type(exc).__name__}: {exc}")
    try:
        if job.in_process:
            info, diagnostics, profile = evaluation.info, evaluation.diagnostics, evaluation.profile
        else:
            run = session.run_pack(
                Path(job.pack_dir or runner.default_pack_dir()),
                snapshot,
                policy_config=job.policy_config,
                dry_run=False,
                timeout=job.timeout,
            )
            info, diagnostics = run.info, run.diagnostics
            profile = _profile(snapshot, job) if job.want_profile else {}
        result = runner.report_from_diagnostics(
            snapshot,
            source=source.label,
            info=info,
            diagnostics=diagnostics,
            policy_config=job.policy_config,
            policy_config_file=Path(job.policy_config_file) if job.policy_config_file else None,
        )
    except (inprocess.InProcessError, engine_config.EngineError, runner.RunError) as exc:
        return StackAudit(source.label, snapshot.project, snapshot.stack, error=str(exc))
    except Exception as exc:
        return StackAudit(
            source.label, snapshot.project, snapshot.stack, error=f"Evaluation failed: {type(exc).__name__}: {exc}"
        )
    audited = StackAudit.of(result, keep_resources=job.keep_resources)
    audited.profile = dict(profile)
    return audited


def _profile(snapshot: Any, job: _Job) -> dict[tuple[str, str, str], int]:
    # The protocol path does not say where data lives; the in-process reading of the same state does.
    try:
        return dict(_evaluator(job).evaluate(snapshot, profile=True).profile)
    except Exception:
        return {}


def _evaluate_chunk(chunk: Sequence[backends.StackSource], job: _Job) -> list[StackAudit]:
    return [evaluate_source(source, job) for source in chunk]


def _chunks(sources: Sequence[backends.StackSource], jobs: int) -> list[list[int]]:
    """Indexes of ``sources`` in chunks of about equal bytes, at least ``CHUNKS_PER_WORKER`` per worker."""
    sizes = [s.size if s.size is not None else CHUNK_BYTES // 8 for s in sources]
    target = max(1, min(CHUNK_BYTES, sum(sizes) // max(1, jobs * CHUNKS_PER_WORKER)))
    chunks: list[list[int]] = []
    current: list[int] = []
    weight = 0
    for index, size in enumerate(sizes):
        current.append(index)
        weight += size
        if weight >= target:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def _context() -> Any:
    # Fork is cheapest (workers inherit the imported pack and the checked configuration) and safe while this
    # process runs no other thread; otherwise a fresh interpreter per worker.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _warm(job: _Job) -> int:
    if job.in_process:
        _evaluator(job)
    return os.getpid()


# ---------------------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------------------

#: Called once the stacks are known: (stacks to audit).
OnStart = Callable[[int], None]
#: Called as stacks finish: (stacks done, resources done) since the last call.
OnProgress = Callable[[int, int], None]


def run_audit(
    inputs: Sequence[str],
    options: AuditOptions,
    *,
    on_start: OnStart | None = None,
    on_progress: OnProgress | None = None,
    stdin: Any = None,
    want_profile: bool = False,
) -> OrgReport:
    """Audit every stack of ``inputs``; :class:`runner.RunError` only for what stops the whole run (config)."""
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    pack_dir, policy_config = runner.preflight(options.pack_dir, options.policy_config_file, options.pack_settings)
    in_process = options.pack_dir is None and not options.engine_protocol
    job = _Job(
        pack_dir=str(pack_dir),
        policy_config=dict(policy_config),
        policy_config_file=str(options.policy_config_file) if options.policy_config_file else None,
        in_process=in_process,
        timeout=options.timeout,
        keep_resources=options.keep_resources,
        want_profile=want_profile,
    )
    info, levels = _pack_info(job)
    found = backends.discover(inputs, endpoint_url=options.endpoint_url, stdin=stdin)
    sources = [s for s in found.sources if in_shard(s, options.shard)]
    stacks = _evaluate_all(sources, job, max(1, options.jobs), on_start, on_progress)
    stacks += [StackAudit(p.label, error=p.reason) for p in found.problems]
    return OrgReport(
        stacks=stacks,
        pack=info.name,
        pack_version=info.version,
        policies=[
            report.PolicyInfo(p.name, p.description, p.enforcement_level, p.severity, p.remediation_steps)
            for p in info.policies
        ],
        levels=levels,
        policy_config=policy_config,
        config_source=str(options.policy_config_file) if options.policy_config_file else None,
        inputs=list(inputs),
        shard=f"{options.shard[0]}/{options.shard[1]}" if options.shard else None,
        discovered=len(found.sources),
        evaluation="in-process" if in_process else "engine-protocol",
        generated=started,
        jobs=max(1, options.jobs),
    )


def _pack_info(job: _Job) -> tuple[engine_config.AnalyzerInfo, dict[str, str]]:
    """The pack's policies and the levels in force; checks the configuration once, before any stack is read."""
    try:
        if job.in_process or job.pack_dir == str(runner.default_pack_dir()):
            evaluator = _evaluator(job) if job.in_process else inprocess.Evaluator(job.policy_config)
            levels = {name: entry.enforcement_level for name, entry in evaluator.policy_config.items()}
            return evaluator.info, {p.name: levels.get(p.name, p.enforcement_level) for p in evaluator.info.policies}
        # Another pack: its policies are only known once it runs; ask it once, with an empty stack.
        empty = state.parse_state({"version": 3, "deployment": {"resources": []}})
        run = session.run_pack(
            Path(job.pack_dir or ""), empty, policy_config=job.policy_config, dry_run=False, timeout=job.timeout
        )
        levels = {name: entry.enforcement_level for name, entry in run.policy_config.items()}
        return run.info, {p.name: levels.get(p.name, p.enforcement_level) for p in run.info.policies}
    except (inprocess.InProcessError, engine_config.EngineError) as exc:
        raise runner.RunError(str(exc)) from None


def _evaluate_all(
    sources: Sequence[backends.StackSource],
    job: _Job,
    jobs: int,
    on_start: OnStart | None,
    on_progress: OnProgress | None,
) -> list[StackAudit]:
    chunks = _chunks(sources, jobs)
    results: list[StackAudit | None] = [None] * len(sources)
    if jobs <= 1 or len(chunks) <= 1:
        if on_start:
            on_start(len(sources))
        for index, source in enumerate(sources):
            results[index] = done = evaluate_source(source, job)
            if on_progress:
                on_progress(1, done.resources)
        return [r for r in results if r is not None]
    workers = min(jobs, len(chunks))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        # The workers start (fork) here, before any progress display starts a thread in this process.
        for warm in [pool.submit(_warm, job) for _ in range(workers)]:
            warm.result()
        if on_start:
            on_start(len(sources))
        pending: dict[Future[list[StackAudit]], list[int]] = {
            pool.submit(_evaluate_chunk, [sources[i] for i in chunk], job): chunk for chunk in chunks
        }
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    audited = future.result()
                except BrokenProcessPool:
                    audited = [
                        StackAudit(sources[i].label, error="The worker process evaluating it died (out of memory?).")
                        for i in chunk
                    ]
                for index, result in zip(chunk, audited, strict=True):
                    results[index] = result
                if on_progress:
                    on_progress(len(chunk), sum(r.resources for r in audited))
    return [r for r in results if r is not None]


__all__ = ["AuditOptions", "evaluate_source", "in_shard", "parse_shard", "run_audit"]
