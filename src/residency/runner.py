"""The library API behind the CLI: check a program, audit a stack state, explain a resource type.

Every failure to decide becomes a :class:`RunError` (exit 2 in the CLI), never a pass.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from residency import backends, catalog, inprocess, report
from residency.config import ConfigError, PackSettings
from residency.engine import program, protocol, state
from residency.engine.records import StackSnapshot
from residency.project import ProjectError, load_project


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


def _preflight(pack_dir: Path | None, policy_config_file: Path | None) -> tuple[Path, dict[str, Any]]:
    """The pack directory and policy config, checked before anything runs: a typo must not cost a program run."""
    policy_config = load_policy_config(policy_config_file)
    if pack_dir is None:
        # The engine reports an unknown name as an invalid enforcement level; for the residency pack the names
        # are known before it starts, so say what is wrong. Other packs are checked once they list policies.
        from residency.policies import POLICIES

        _check_config_names(policy_config, [p.name for p in POLICIES], policy_config_file)
        for name, entry in policy_config.items():
            properties = {k: v for k, v in entry.items() if k != "enforcementLevel"}
            try:
                PackSettings.parse(properties, f"policy config {policy_config_file} for {name!r}")
            except ConfigError as exc:
                raise RunError(str(exc)) from None
    return _pack_dir(pack_dir), policy_config


def _status(progress: Console | None, message: str) -> AbstractContextManager[object]:
    """A spinner on the terminal while a long step runs; nothing when output is not a terminal."""
    return progress.status(message) if progress is not None else nullcontext()


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
    """Run the pack (as checked by :func:`_preflight`) over a snapshot through the Analyzer protocol."""
    chosen, policy_config = pack
    try:
        with _status(progress, f"Checking {len(snapshot.resources)} resources against the pack"):
            run = protocol.run_pack(chosen, snapshot, policy_config=policy_config, dry_run=dry_run, timeout=timeout)
    except protocol.EngineError as exc:
        raise RunError(str(exc)) from None
    return report_from_diagnostics(
        snapshot,
        source=source,
        info=run.info,
        diagnostics=run.diagnostics,
        policy_config=policy_config,
        policy_config_file=policy_config_file,
    )


def report_from_diagnostics(
    snapshot: StackSnapshot,
    *,
    source: str,
    info: protocol.AnalyzerInfo,
    diagnostics: Sequence[protocol.Diagnostic],
    policy_config: Mapping[str, Any],
    policy_config_file: Path | None,
) -> report.Report:
    """The report of a pack's diagnostics over a snapshot, whichever way the pack was run."""
    policies = [
        report.PolicyInfo(p.name, p.description, p.enforcement_level, p.severity, p.remediation_steps)
        for p in info.policies
    ]
    _check_config_names(policy_config, [p.name for p in policies], policy_config_file)
    result = report.Report(
        project=snapshot.project,
        stack=snapshot.stack,
        pack=info.name,
        source=source,
        resources=[report.Resource(r.urn, r.type) for r in snapshot.resources if not r.pending_delete],
        policies=policies,
    )
    types = {r.urn: r.type for r in snapshot.resources}
    for diagnostic in diagnostics:
        message = diagnostic.message
        # pulumi_policy prefixes the policy's description; the report keeps what is specific to the finding.
        prefix = diagnostic.description
        if prefix and message.startswith(prefix):
            message = message[len(prefix) :].lstrip("\n")
        result.add(
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
    return result


def check_program(
    program_dir: Path,
    *,
    stack: str | None = None,
    overrides: Sequence[str] = (),
    pack_dir: Path | None = None,
    policy_config_file: Path | None = None,
    timeout: float = 300.0,
    progress: Console | None = None,
) -> report.Report:
    """Run a Pulumi Python program under mocks (preview) and evaluate the pack over what it declares."""
    try:
        project = load_project(program_dir, stack, overrides)
    except ProjectError as exc:
        raise RunError(str(exc)) from None
    pack = _preflight(pack_dir, policy_config_file)
    try:
        with _status(progress, f"Running {project.main.name} of {project.name}/{project.stack} under mocks"):
            snapshot = program.run_program(
                project.directory,
                project=project.name,
                stack=project.stack,
                config=dict(project.config),
                secret_keys=set(project.secret_keys),
                timeout=timeout,
                main=project.main,
            )
    except program.ProgramError as exc:
        raise ProgramFailedError(str(exc), exc.full_traceback) from None
    return _evaluate(
        snapshot,
        source=str(project.main.relative_to(project.directory)),
        pack=pack,
        policy_config_file=policy_config_file,
        dry_run=True,
        timeout=timeout,
        progress=progress,
    )


def audit_state(
    state_file: str,
    *,
    pack_dir: Path | None = None,
    policy_config_file: Path | None = None,
    timeout: float = 300.0,
    progress: Console | None = None,
    engine_protocol: bool = False,
) -> report.Report:
    """Evaluate the pack over every resource of an exported stack state (gzip-compressed or not).

    The residency pack is evaluated in this process (:mod:`residency.inprocess`), unless ``engine_protocol``
    asks for the pack process and the Analyzer protocol; another pack (``pack_dir``) always runs that way.
    """
    pack = _preflight(pack_dir, policy_config_file)
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
    except (inprocess.InProcessError, protocol.EngineError) as exc:
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
    from residency.policies import POLICIES, policies_for

    descriptions = {p.name: p.description or "" for p in POLICIES}
    found = catalog.classify(type_token)
    meaning = _KIND_MEANINGS[found.kind]
    if found.is_global:
        meaning += " It is a global resource: it takes no region, so its region is not a residency decision."
    if not found.explicit:
        meaning += " The type is not in the classification table, so it is treated as at-rest (fail closed)."
    applicable = [(p.name, str(p.level.value), descriptions.get(p.name, "")) for p in policies_for(type_token)]
    return Explanation(type_token, str(found.kind), meaning, applicable)


_KIND_MEANINGS = {
    catalog.Kind.AT_REST: "It stores data: customer content in it must stay in the zone (data-class exemptions apply).",
    catalog.Kind.PROCESSING: "It handles data in transit: it must run in the zone, with no data-class exemption.",
    catalog.Kind.CONTROL: "It is control plane or configuration that holds no customer content.",
}


__all__ = ["ConfigError", "Explanation", "ProgramFailedError", "RunError", "audit_state", "check_program", "explain"]
