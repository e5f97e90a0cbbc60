"""A whole policy pack run over a stack, in the order the engine makes the calls (:func:`run_pack`)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, ParamSpec, TypeVar

from residency.engine.pack_process import Diagnostic, LogMessage, PackProcess, Remediation
from residency.engine.policy_config import AnalyzerInfo, EngineError, PolicyConfig, reconcile_policy_config
from residency.engine.records import ResourceRecord, StackSnapshot, is_provider_type

_T = TypeVar("_T")
_P = ParamSpec("_P")



@dataclass(frozen=True)
class PackRun:
    """Everything one run of a pack over a snapshot produced."""

    info: AnalyzerInfo
    #: pulumi_policy's version, from GetPluginInfo.
    plugin_version: str
    #: The configuration sent in ``Configure``.
    policy_config: Mapping[str, PolicyConfig]
    diagnostics: tuple[Diagnostic, ...]
    remediations: tuple[Remediation, ...]
    logs: tuple[LogMessage, ...]
    #: How many resources went through ``Analyze``, and how many through ``AnalyzeStack``.
    analyzed: int
    stack_analyzed: int
    #: Seconds spent: ``start`` (process to ready channel), ``analyze`` (all Remediate/Analyze), ``stack``.
    timings: Mapping[str, float] = field(default_factory=dict)


def _timed(timings: dict[str, float], key: str, action: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    began = time.monotonic()
    try:
        return action(*args, **kwargs)
    finally:
        timings[key] = timings.get(key, 0.0) + time.monotonic() - began


def run_pack(
    pack_dir: str | os.PathLike[str],
    snapshot: StackSnapshot,
    policy_config: Mapping[str, Any] | None = None,
    dry_run: bool = True,
    timeout: float = 300.0,
    *,
    mode: Literal["deployment", "check"] | None = None,
    tags: Mapping[str, str] | None = None,
    python: str | None = None,
) -> PackRun:
    """Run a policy pack over ``snapshot`` with the engine's call sequence and return what it reported.

    ``mode`` picks which of the engine's two sequences to follow (default: ``deployment`` for a snapshot from a
    program, ``check`` for one from a state file):

    - ``deployment`` (``pulumi preview``/``up``): ``Remediate`` then ``Analyze`` for every registered resource
      in registration order (components, the root stack and providers included; reads excluded), with the
      inputs as remediated; then ``AnalyzeStack`` with all of them (reads excluded again, ``options.parent``
      filled); stack diagnostics without a known URN get the root stack's URN.
    - ``check`` (``pulumi policy analyze``): ``Analyze`` for every resource except providers and pending
      deletions, then ``AnalyzeStack`` with the same set and ``options.parent`` filled; stack diagnostics
      without a known URN get the first resource's URN.

    ``timeout`` bounds the whole run, start included. Any failure raises :class:`EngineError`; there is no
    partial result.
    """
    chosen = mode or ("deployment" if snapshot.source == "program" else "check")
    began = time.monotonic()
    timings: dict[str, float] = {}
    live = [r for r in snapshot.resources if not r.pending_delete]
    by_urn = {r.urn: r for r in live}
    diagnostics: list[Diagnostic] = []
    remediations: list[Remediation] = []

    with PackProcess(
        pack_dir,
        project=snapshot.project,
        stack=snapshot.stack,
        organization=snapshot.organization,
        dry_run=dry_run,
        config=snapshot.config,
        python=python,
        start_timeout=timeout,
        root_urn=snapshot.root_urn,
    ) as pack:
        timings["start"] = pack.start_seconds
        pack.set_deadline(timeout - (time.monotonic() - began))
        pack.handshake()
        pack.configure_stack(tags=tags)
        plugin_version = pack.get_plugin_info()
        info = pack.get_analyzer_info()
        reconciled = reconcile_policy_config(info, policy_config)
        pack.configure(reconciled)

        def provider_of(record: ResourceRecord) -> ResourceRecord | None:
            return by_urn.get(record.provider_urn) if record.provider_urn else None

        analyzed = 0
        if chosen == "deployment":
            stack_records: list[ResourceRecord] = []
            for record in live:
                current = record
                if not record.external:
                    # Remediations rewrite the inputs the Analyze call (and the stored resource) then sees.
                    applied = _timed(timings, "analyze", pack.remediate, record, provider_of(record))
                    for remediation in applied:
                        remediations.append(remediation)
                        if remediation.diagnostic:
                            diagnostics.append(_remediation_diagnostic(remediation))
                        elif remediation.properties is not None:
                            current = _with_inputs(current, remediation.properties)
                    found = _timed(timings, "analyze", pack.analyze, current, provider_of(current))
                    diagnostics.extend(found)
                    analyzed += 1
                    # Reads go to the deployment's reads, not its new resources: no AnalyzeStack for them either.
                    stack_records.append(current)
            default_urn = snapshot.root_urn
            # The engine fills options.parent in AnalyzeStack for deployments too (pkg/resource/deploy).
            include_parent = True
        else:
            stack_records = [r for r in live if not is_provider_type(r.type)]
            for record in stack_records:
                found = _timed(timings, "analyze", pack.analyze, record, provider_of(record))
                diagnostics.extend(found)
                analyzed += 1
            default_urn = stack_records[0].urn if stack_records else ""
            include_parent = True

        stack_found = _timed(
            timings,
            "stack",
            pack.analyze_stack,
            stack_records,
            by_urn,
            include_parent_option=include_parent,
            default_urn=default_urn,
        )
        diagnostics.extend(stack_found)
        logs = pack.logs
        if pack.returncode is not None:
            # A pack that exits right after answering must not pass as a clean run.
            raise EngineError(f"The policy pack exited with code {pack.returncode} during the run." + pack._tail_text())

    timings["total"] = time.monotonic() - began
    return PackRun(
        info=info,
        plugin_version=plugin_version,
        policy_config=reconciled,
        diagnostics=tuple(diagnostics),
        remediations=tuple(remediations),
        logs=logs,
        analyzed=analyzed,
        stack_analyzed=len(stack_records),
        timings=timings,
    )


def _remediation_diagnostic(remediation: Remediation) -> Diagnostic:
    # The engine shows a remediation that could not run as an advisory violation on the resource.
    return Diagnostic(
        policy_name=remediation.policy_name,
        policy_pack_name=remediation.policy_pack_name,
        policy_pack_version=remediation.policy_pack_version,
        message=remediation.diagnostic,
        urn=remediation.urn,
        enforcement_level="advisory",
        description=remediation.description,
    )


def _with_inputs(record: ResourceRecord, inputs: Mapping[str, Any]) -> ResourceRecord:
    return replace(record, inputs=dict(inputs))
