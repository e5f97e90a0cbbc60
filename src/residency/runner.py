"""The library API behind the CLI: check a program, audit a stack state, explain a resource type.

Every failure to decide becomes a :class:`RunError` (exit 2 in the CLI), never a pass.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rich.console import Console

from residency import aws, backends, catalog, inprocess, packconfig, report
from residency.config import ConfigError, PackSettings
from residency.engine import policy_config as engine_config
from residency.engine import program, session, state
from residency.engine.pack_process import Diagnostic
from residency.engine.records import StackSnapshot
from residency.project import ProjectError, load_project
from residency.project import interpreter as project_interpreter


class RunError(Exception):
    """The run could not produce a verdict; the message says why in one paragraph."""


class ProgramFailedError(RunError):
    """The Pulumi program raised or timed out; ``full_traceback`` is there for ``--debug``."""

    def __init__(self, message: str, full_traceback: str | None) -> None:
        super().__init__(message)
        self.full_traceback = full_traceback


def default_pack_dir() -> Path:
    """The residency policy pack as installed with this package."""
    import residency.policies as pack

    return Path(pack.__file__).resolve().parent


def _pack_dir(pack_dir: Path | None) -> Path:
    chosen = (pack_dir or default_pack_dir()).resolve()
    if not (chosen / "PulumiPolicy.yaml").is_file():
        raise RunError(f"{chosen} is not a Pulumi policy pack: it has no PulumiPolicy.yaml.")
    return chosen


def load_policy_config(path: Path | None) -> dict[str, Any]:
    """Read a policy config file in the format of ``pulumi preview --policy-pack-config``."""
    if path is None:
        return {}
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RunError(f"Cannot read policy config {path}: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise RunError(f"Policy config {path} is not valid UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise RunError(f"Policy config {path} is not valid JSON: {exc.msg} at line {exc.lineno}.") from None
    if not isinstance(document, dict):
        raise RunError(f"Policy config {path} must be a JSON object of policy names to settings.")
    config: dict[str, Any] = {}
    for name, value in document.items():
        if isinstance(value, str):
            value = {"enforcementLevel": value}
        if not isinstance(value, dict):
            raise RunError(f"Policy config {path}: the value of {name!r} must be an object or an enforcement level.")
        config[name] = value
    return config


def _check_config_names(config: Mapping[str, Any], policies: Sequence[str], source: Path | None) -> None:
    known = set(policies)
    unknown = sorted(set(config) - known - {"all"})
    if unknown:
        raise RunError(
            f"Policy config {source}: unknown policy {', '.join(repr(u) for u in unknown)}; "
            f"the pack's policies are {', '.join(sorted(known))}."
        )


def preflight(
    pack_dir: Path | None, policy_config_file: Path | None, overrides: Mapping[str, Any] | None = None
) -> tuple[Path, dict[str, Any]]:
    """The pack directory and policy config, checked before anything runs: a typo must not cost a program run.

    ``overrides`` (the CLI's ``--zone`` and ``--supported-countries``) are set for every residency policy.
    """
    policy_config = load_policy_config(policy_config_file)
    if pack_dir is None:
        # The engine reports an unknown name as an invalid enforcement level; for the residency pack the names
        # are known before it starts, so say what is wrong. Other packs are checked once they list policies.
        from residency.policies import RULES

        _check_config_names(policy_config, [r.name for r in RULES], policy_config_file)
        policy_config = packconfig.with_overrides(policy_config, overrides or {})
        seen: dict[str, tuple[str, PackSettings]] = {}
        for rule in RULES:
            entry = policy_config.get(rule.name, {})
            properties = {k: v for k, v in entry.items() if k != "enforcementLevel"}
            try:
                settings = PackSettings.parse(properties, f"policy config {policy_config_file} for {rule.name!r}")
            except ConfigError as exc:
                raise RunError(str(exc)) from None
            first = seen.setdefault("settings", (rule.name, settings))
            if first[1] != settings:
                raise RunError(
                    f"Policy config {policy_config_file}: the pack-wide settings of policy {rule.name!r} differ from "
                    f"those of {first[0]!r}. Every policy of the residency pack must get the same zone, countries, "
                    "data-class settings and destinations; write them for every policy (`residency policy-config` "
                    "prints such a file) or pass --zone / --supported-countries."
                )
    elif overrides:
        raise RunError("--zone and --supported-countries configure the residency pack; with --policy-pack, put "
                       "the settings in the --policy-config file.")
    return _pack_dir(pack_dir), policy_config


def _status(progress: Console | None, message: str) -> AbstractContextManager[object]:
    """A spinner on the terminal while a long step runs; nothing when output is not a terminal."""
    return progress.status(message) if progress is not None else nullcontext()


def _run_pack(
    snapshot: StackSnapshot, pack: tuple[Path, dict[str, Any]], *, dry_run: bool, timeout: float
) -> session.PackRun:
    chosen, policy_config = pack
    try:
        return session.run_pack(chosen, snapshot, policy_config=policy_config, dry_run=dry_run, timeout=timeout)
    except engine_config.EngineError as exc:
        raise RunError(str(exc)) from None


def _new_report(snapshot: StackSnapshot, run: session.PackRun, source: str) -> report.Report:
    return report.Report(
        project=snapshot.project,
        stack=snapshot.stack,
        pack=run.info.name,
        source=source,
        resources=[
            report.Resource(r.urn, r.type) for r in snapshot.resources if not r.pending_delete and not r.external
        ]
        if snapshot.source == "program"
        else [report.Resource(r.urn, r.type) for r in snapshot.resources if not r.pending_delete],
        policies=[
            report.PolicyInfo(p.name, p.description, p.enforcement_level, p.severity, p.remediation_steps)
            for p in run.info.policies
        ],
    )


def _findings(snapshot: StackSnapshot, diagnostics: Sequence[Diagnostic]) -> list[report.Finding]:
    types = {r.urn: r.type for r in snapshot.resources}
    found = []
    for diagnostic in diagnostics:
        message = diagnostic.message
        # pulumi_policy prefixes the policy's description; the report keeps what is specific to the finding.
        prefix = diagnostic.description
        if prefix and message.startswith(prefix):
            message = message[len(prefix) :].lstrip("\n")
        found.append(
            report.Finding(
                policy=diagnostic.policy_name,
                pack=diagnostic.policy_pack_name,
                level=diagnostic.enforcement_level,
                severity=diagnostic.severity,
                urn=diagnostic.urn,
                resource_type=types.get(diagnostic.urn, ""),
                message=message.strip() or prefix,
            )
        )
    return found


def _evaluate(
    snapshot: StackSnapshot,
    *,
    source: str,
    pack: tuple[Path, dict[str, Any]],
    policy_config_file: Path | None,
    dry_run: bool,
    timeout: float,
    progress: Console | None,
) -> report.Report:
    """Run the pack (as checked by :func:`preflight`) over a snapshot through the Analyzer protocol."""
    with _status(progress, f"Checking {len(snapshot.resources)} resources against the pack"):
        run = _run_pack(snapshot, pack, dry_run=dry_run, timeout=timeout)
    return report_from_diagnostics(
        snapshot,
        source=source,
        info=run.info,
        diagnostics=run.diagnostics,
        policy_config=pack[1],
        policy_config_file=policy_config_file,
    )


def report_from_diagnostics(
    snapshot: StackSnapshot,
    *,
    source: str,
    info: engine_config.AnalyzerInfo,
    diagnostics: Sequence[Diagnostic],
    policy_config: Mapping[str, Any],
    policy_config_file: Path | None,
) -> report.Report:
    """The report of a pack's diagnostics over a snapshot, whichever way the pack was run."""
    _check_config_names(policy_config, [p.name for p in info.policies], policy_config_file)
    result = report.Report(
        project=snapshot.project,
        stack=snapshot.stack,
        pack=info.name,
        source=source,
        resources=[
            report.Resource(r.urn, r.type) for r in snapshot.resources if not r.pending_delete and not r.external
        ]
        if snapshot.source == "program"
        else [report.Resource(r.urn, r.type) for r in snapshot.resources if not r.pending_delete],
        policies=[
            report.PolicyInfo(p.name, p.description, p.enforcement_level, p.severity, p.remediation_steps)
            for p in info.policies
        ],
    )
    for finding in _findings(snapshot, diagnostics):
        result.add(finding)
    return result


#: The pseudo-policy under which the runner reports what the offline check could not see. Never configurable.
OFFLINE_COVERAGE_POLICY = "residency-offline-coverage"
_COVERAGE_INFO = report.PolicyInfo(
    OFFLINE_COVERAGE_POLICY,
    "Every resource the program deploys must be visible to the offline check; what it cannot see is not checked.",
    "mandatory",
    "critical",
    "Run `pulumi preview --policy-pack <pack>` with the Pulumi CLI, which constructs multi-language components, "
    "for a verdict on their resources.",
)
#: The type tokens of dynamic-provider resources (Python and Node.js).
DYNAMIC_TYPES = frozenset({"pulumi-python:dynamic:Resource", "pulumi-nodejs:dynamic:Resource"})
#: The passes of ``check``: a preview (what ``pulumi preview`` sends) and an up (dependencies' outputs known).
PASSES: tuple[Literal["preview", "up"], ...] = ("preview", "up")


@dataclass(frozen=True, slots=True)
class PassFinding(report.Finding):
    """A finding of ``check``, with the emulation passes (``preview``, ``up``) that produced it."""

    passes: tuple[str, ...] = ("preview",)


def coverage_findings(snapshot: StackSnapshot, pack_dir: Path) -> list[report.Finding]:
    """A mandatory finding for each multi-language component the offline run could not expand."""
    shown = "policies" if pack_dir == default_pack_dir() else str(pack_dir)
    expanded = set(snapshot.notes.get("expanded") or ())
    return [
        PassFinding(
            policy=OFFLINE_COVERAGE_POLICY,
            pack="residency-engine",
            level="mandatory",
            severity="critical",
            urn=record.urn,
            resource_type=record.type,
            message=(
                f"Not checked offline: {record.type} '{record.name}' is a multi-language component; its provider "
                "creates its resources (AWS ones included) when the Pulumi CLI runs, so the offline check cannot "
                f"see them. Run `pulumi preview --policy-pack {shown}` for a verdict on this component."
            ),
            passes=PASSES,
        )
        for record in snapshot.resources
        if record.remote and record.urn not in expanded
    ]


@dataclass(frozen=True)
class CheckOutcome:
    """What ``check`` produced: the report, what a reader must know about the run, and where time went."""

    report: report.Report
    #: Sentences for the reader (regions taken from the environment, lookups answered offline).
    notes: tuple[str, ...]
    timings: Mapping[str, float]


def run_notes(snapshot: StackSnapshot) -> list[str]:
    """What the offline run noticed that changes how to read its verdict, one sentence each."""
    notes = []
    sources = snapshot.notes.get("region_from_environment") or {}
    for urn, variable in sorted(sources.items()):
        name = urn.rsplit("::", 1)[-1]
        notes.append(
            f"The provider '{name}' has no region in the program or the stack config, so it took its region from "
            f"the environment variable {variable}, as the real provider does; the verdict depends on that variable."
        )
    custom_code = sorted(
        r.name for r in snapshot.resources if r.type in DYNAMIC_TYPES or (r.custom and r.package == "command")
    )
    if custom_code:
        notes.append(
            f"{len(custom_code)} resource(s) run code of their own when deployed (dynamic providers or command "
            f"resources): {', '.join(custom_code)}. What that code creates, and where, is invisible to any policy "
            "pack; the pack decides whether they are allowed."
        )
    answered = snapshot.notes.get("lookups") or {}
    placeholders = sorted(token for token, how in answered.items() if how == "placeholder")
    if placeholders:
        notes.append(
            "These lookups need a cloud and were answered offline with placeholders (strings containing "
            f"'{aws.OFFLINE_LOOKUP_TOKEN}'): {', '.join(placeholders)}. A residency decision that rests on them is "
            "undetermined, never a pass."
        )
    return notes


def check(
    program_dir: Path,
    *,
    stack: str | None = None,
    overrides: Sequence[str] = (),
    pack_dir: Path | None = None,
    policy_config_file: Path | None = None,
    timeout: float = 300.0,
    progress: Console | None = None,
    python: Path | None = None,
    passes: Sequence[Literal["preview", "up"]] = PASSES,
    pack_settings: Mapping[str, Any] | None = None,
) -> CheckOutcome:
    """Run a Pulumi Python program offline as a preview (and as an up) and evaluate the pack over what it declares.

    The program runs with the project's own interpreter (its virtualenv or toolchain, as ``pulumi preview``
    does) unless ``python`` names one. The passes run in parallel; the report is the union of their findings,
    each marked with the passes that found it, plus a ``residency-offline-coverage`` finding for every
    multi-language component the offline run could not see into.
    """
    began = time.monotonic()
    timings: dict[str, float] = {}
    try:
        project = load_project(program_dir, stack, overrides)
        interpreter = python or project_interpreter(project)
    except ProjectError as exc:
        raise RunError(str(exc)) from None
    if interpreter is not None:
        _require_pulumi(interpreter)
    pack = preflight(pack_dir, policy_config_file, pack_settings)
    source = str(project.main.relative_to(project.directory))
    account = _account(project.config)

    def one_pass(phase: Literal["preview", "up"]) -> tuple[StackSnapshot, session.PackRun]:
        started = time.monotonic()
        try:
            snapshot = program.run_program(
                project.directory,
                project=project.name,
                stack=project.stack,
                config=dict(project.config),
                secret_keys=set(project.secret_keys),
                timeout=timeout,
                main=project.main,
                python=str(interpreter) if interpreter is not None else None,
                phase=phase,
                account=account,
            )
        except program.ProgramError as exc:
            raise ProgramFailedError(str(exc), exc.full_traceback) from None
        timings[f"{phase}.program"] = time.monotonic() - started
        started = time.monotonic()
        run = _run_pack(snapshot, pack, dry_run=phase == "preview", timeout=timeout)
        timings[f"{phase}.pack"] = time.monotonic() - started
        return snapshot, run

    label = f"Running {project.main.name} of {project.name}/{project.stack} offline ({' and '.join(passes)})"
    with _status(progress, label), ThreadPoolExecutor(max_workers=len(passes)) as pool:
        results = list(pool.map(one_pass, passes))
    preview_snapshot, preview_run = results[0]
    _check_config_names(pack[1], [p.name for p in preview_run.info.policies], policy_config_file)
    result = _new_report(preview_snapshot, preview_run, source)
    result.policies.append(_COVERAGE_INFO)
    merged: dict[tuple[str, str, str, str], tuple[report.Finding, list[str]]] = {}
    for phase, (snapshot, run) in zip(passes, results, strict=True):
        for finding in _findings(snapshot, run.diagnostics):
            key = (finding.policy, finding.urn, finding.level, finding.message)
            merged.setdefault(key, (finding, []))[1].append(phase)
    for finding, found_in in merged.values():
        result.add(PassFinding(**{f: getattr(finding, f) for f in _FINDING_FIELDS}, passes=tuple(found_in)))
    for finding in coverage_findings(preview_snapshot, pack[0]):
        result.add(finding)
    notes: list[str] = []
    for snapshot, _ in results[:1]:
        notes.extend(run_notes(snapshot))
    timings["total"] = time.monotonic() - began
    return CheckOutcome(result, tuple(notes), timings)


_FINDING_FIELDS = ("policy", "pack", "level", "severity", "urn", "resource_type", "message")


def _account(config: Mapping[str, str]) -> str | None:
    """The account ARNs are computed for: the first of ``aws:allowedAccountIds`` when the stack pins one."""
    raw = config.get("aws:allowedAccountIds")
    if not raw:
        return None
    try:
        accounts = json.loads(raw)
    except ValueError:
        return None
    if isinstance(accounts, list) and accounts and isinstance(accounts[0], str) and accounts[0].isdigit():
        return accounts[0]
    return None


def _require_pulumi(interpreter: Path) -> None:
    """Refuse, in one paragraph, an interpreter that cannot import pulumi (the offline runner needs it)."""
    if program.same_interpreter(str(interpreter)):
        return
    try:
        completed = subprocess.run(
            [str(interpreter), "-c", "import pulumi"], capture_output=True, text=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RunError(f"Cannot run the project's interpreter {interpreter}: {exc}.") from None
    if completed.returncode != 0:
        raise RunError(
            f"The project's interpreter {interpreter} cannot import pulumi, so the program cannot run the way "
            "`pulumi preview` runs it. Install the project's dependencies into it (`pulumi install` does, from "
            "requirements.txt or the poetry/uv project), or point residency check at an interpreter that has "
            "them with --python PATH."
        )


def check_program(
    program_dir: Path,
    *,
    stack: str | None = None,
    overrides: Sequence[str] = (),
    pack_dir: Path | None = None,
    policy_config_file: Path | None = None,
    timeout: float = 300.0,
    progress: Console | None = None,
    python: Path | None = None,
    pack_settings: Mapping[str, Any] | None = None,
) -> report.Report:
    """Run a Pulumi Python program offline and evaluate the pack over what it declares (see :func:`check`)."""
    return check(
        program_dir,
        stack=stack,
        overrides=overrides,
        pack_dir=pack_dir,
        pack_settings=pack_settings,
        policy_config_file=policy_config_file,
        timeout=timeout,
        progress=progress,
        python=python,
    ).report


def audit_state(
    state_file: str,
    *,
    pack_dir: Path | None = None,
    policy_config_file: Path | None = None,
    timeout: float = 300.0,
    progress: Console | None = None,
    engine_protocol: bool = False,
    pack_settings: Mapping[str, Any] | None = None,
) -> report.Report:
    """Evaluate the pack over every resource of an exported stack state (gzip-compressed or not).

    The residency pack is evaluated in this process (:mod:`residency.inprocess`), unless ``engine_protocol``
    asks for the pack process and the Analyzer protocol; another pack (``pack_dir``) always runs that way.
    """
    pack = preflight(pack_dir, policy_config_file, pack_settings)
    in_process = pack_dir is None and not engine_protocol
    try:
        data, name = _read_state_file(state_file)
        document = state.decode_document(data, name=name)
        del data
        if in_process:
            snapshot, evaluation = evaluate_in_process(document, name, pack[1], progress)
        else:
            snapshot = state.parse_state(document, name=name)
        del document
    except (state.StateError, backends.BackendError) as exc:
        raise RunError(str(exc)) from None
    if in_process:
        return report_from_diagnostics(
            snapshot,
            source="<stdin>" if state_file == "-" else state_file,
            info=evaluation.info,
            diagnostics=evaluation.diagnostics,
            policy_config=pack[1],
            policy_config_file=policy_config_file,
        )
    return _evaluate(
        snapshot,
        source="<stdin>" if state_file == "-" else state_file,
        pack=pack,
        policy_config_file=policy_config_file,
        dry_run=False,
        timeout=timeout,
        progress=progress,
    )


def _read_state_file(state_file: str) -> tuple[bytes, str]:
    """A state file's bytes (gunzipped when gzip) and its name in messages; ``-`` is standard input."""
    data, name = state.read_bytes(state_file)
    if data[:2] == b"\x1f\x8b":
        return backends.read_state(backends.StackSource(name, "stdin", data=data)), name
    return data, name


def evaluate_in_process(
    document: Any, name: str, policy_config: Mapping[str, Any], progress: Console | None = None
) -> tuple[StackSnapshot, inprocess.Evaluation]:
    """Run the residency pack in this process over a decoded state document; any failure is a :class:`RunError`.

    :raises state.StateError: the document is not a usable state.
    """
    try:
        evaluator = inprocess.Evaluator(policy_config)
        with _status(progress, "Checking the stack's resources against the pack"):
            return evaluator.evaluate_document(document, name=name)
    except (inprocess.InProcessError, engine_config.EngineError) as exc:
        raise RunError(str(exc)) from None


@dataclass(frozen=True)
class Explanation:
    """How the pack sees one resource type."""

    type: str
    classification: str
    meaning: str
    policies: list[tuple[str, str, str]]


def explain(target: str) -> Explanation:
    """Classify a type token (or the type inside a URN) and list the policies that apply to it."""
    type_token = target
    if target.startswith("urn:pulumi:"):
        parts = target.split("::")
        if len(parts) < 4:
            raise RunError(f"{target!r} is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>).")
        type_token = parts[2].rsplit("$", 1)[-1]
    if type_token.count(":") != 2:
        raise RunError(f"{target!r} is neither a resource type token (like aws:s3/bucket:Bucket) nor a URN.")
    from residency.policies import rules_for

    found = catalog.classify(type_token)
    meaning = _KIND_MEANINGS[found.kind]
    if found.is_global:
        meaning += " It is a global resource: it takes no region, so its region is not a residency decision."
    if not found.explicit:
        meaning += " The type is not in the classification table, so it is treated as at-rest (fail closed)."
    applicable = [(r.name, str(r.level.value), r.description) for r in rules_for(type_token)]
    return Explanation(type_token, str(found.kind), meaning, applicable)


_KIND_MEANINGS = {
    catalog.Kind.AT_REST: "It stores data: customer content in it must stay in the zone (data-class exemptions apply).",
    catalog.Kind.PROCESSING: "It handles data in transit: it must run in the zone, with no data-class exemption.",
    catalog.Kind.CONTROL: "It is control plane or configuration that holds no customer content.",
}


__all__ = [
    "OFFLINE_COVERAGE_POLICY",
    "CheckOutcome",
    "ConfigError",
    "Explanation",
    "PassFinding",
    "ProgramFailedError",
    "RunError",
    "audit_state",
    "check",
    "check_program",
    "explain",
]
