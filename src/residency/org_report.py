"""What an organisation-wide ``residency audit`` found, stack by stack, and its renderings.

Text (a per-stack summary table, then the findings grouped by stack), JSON (``{"stacks": [...], "summary":
{...}}``, each element the single-stack object plus ``source`` and ``error``; the schema is
``schemas/audit-stacks.schema.json``), SARIF 2.1.0 and JUnit XML (one run over every stack, the stack in each
location). The HTML page is :mod:`residency.html_report`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Final
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from residency import report

#: The JSON schema of the multi-stack report, shipped with the package.
SCHEMA_NAME: Final = "audit-stacks.schema.json"


@dataclass
class StackAudit:
    """One stack's outcome: its findings, or why it could not be decided (``error``)."""

    source: str
    project: str = ""
    stack: str = ""
    resources: int = 0
    violations: list[report.Finding] = field(default_factory=list)
    undetermined: list[report.Finding] = field(default_factory=list)
    #: Why the stack could not be loaded or evaluated; the run then exits 2.
    error: str | None = None
    #: Every checked resource (only kept when a format lists them: JUnit).
    resource_list: list[report.Resource] | None = None
    #: ``(country, data class, kind)`` -> number of AWS resources (see :mod:`residency.inprocess`).
    profile: dict[tuple[str, str, str], int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``project/stack``, or the source when the stack could not be read."""
        return f"{self.project}/{self.stack}" if self.project or self.stack else self.source

    @property
    def mandatory(self) -> int:
        """Mandatory violations (undetermined findings are counted apart)."""
        return sum(1 for f in self.violations if f.level == "mandatory")

    @property
    def advisory(self) -> int:
        """Advisory violations."""
        return sum(1 for f in self.violations if f.level != "mandatory")

    @property
    def blocking(self) -> bool:
        """Whether anything mandatory was found, decided or not."""
        return any(f.level == "mandatory" for f in (*self.violations, *self.undetermined))

    @property
    def verdict(self) -> str:
        """``ERROR``, ``FAIL`` or ``PASS``."""
        return "ERROR" if self.error else "FAIL" if self.blocking else "PASS"

    @classmethod
    def of(cls, result: report.Report, *, keep_resources: bool = False) -> StackAudit:
        """A single-stack report as one stack of an organisation run."""
        return cls(
            source=result.source,
            project=result.project,
            stack=result.stack,
            resources=len(result.resources),
            violations=list(result.violations),
            undetermined=list(result.undetermined),
            resource_list=list(result.resources) if keep_resources else None,
        )

    def single_stack_object(self) -> dict[str, Any]:
        """The single-stack JSON object (the keys of ``residency audit FILE --format json``), plus source and error."""
        return {
            "stack": self.stack,
            "project": self.project,
            "resources": self.resources,
            "violations": [asdict(f) for f in self.violations],
            "undetermined": [asdict(f) for f in self.undetermined],
            "source": self.source,
            "error": self.error,
        }


@dataclass
class OrgReport:
    """Every stack of one run, with what the reader needs to trust it: pack, configuration, date, scope."""

    stacks: list[StackAudit]
    pack: str
    pack_version: str
    policies: list[report.PolicyInfo]
    #: Policy name -> the enforcement level in force (after the policy config).
    levels: dict[str, str]
    #: The policy config file's content as given (``{}`` without one), and where it came from.
    policy_config: Mapping[str, Any]
    config_source: str | None
    inputs: list[str]
    #: ``"I/N"`` when the run audited one shard, else ``None``; ``discovered`` counts stacks before sharding.
    shard: str | None
    discovered: int
    #: ``in-process`` or ``engine-protocol``.
    evaluation: str
    #: ISO 8601 UTC time the run started.
    generated: str
    jobs: int = 1

    @property
    def failed(self) -> list[StackAudit]:
        """Stacks that could not be decided."""
        return [s for s in self.stacks if s.error]

    @property
    def exit_code(self) -> int:
        """2 when a stack could not be decided, else 1 when anything mandatory was found, else 0."""
        if self.failed:
            return 2
        return 1 if any(s.blocking for s in self.stacks) else 0

    def summary(self) -> dict[str, Any]:
        """The JSON ``summary`` object."""
        return {
            "stacks": len(self.stacks),
            "failed": len(self.failed),
            "resources": sum(s.resources for s in self.stacks),
            "mandatory": sum(s.mandatory for s in self.stacks),
            "advisory": sum(s.advisory for s in self.stacks),
            "undetermined": sum(len(s.undetermined) for s in self.stacks),
            "exit_code": self.exit_code,
            "pack": self.pack,
            "pack_version": self.pack_version,
            "evaluation": self.evaluation,
            "inputs": list(self.inputs),
            "shard": self.shard,
            "discovered": self.discovered,
            "generated": self.generated,
        }


# ---------------------------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------------------------


def to_json(org: OrgReport) -> str:
    """``{"stacks": [<single-stack object + source, error>, ...], "summary": {...}}``."""
    return json.dumps({"stacks": [s.single_stack_object() for s in org.stacks], "summary": org.summary()}, indent=2)


def schema() -> dict[str, Any]:
    """The JSON schema of :func:`to_json`'s output."""
    from importlib.resources import files

    loaded: dict[str, Any] = json.loads(files("residency").joinpath("schemas", SCHEMA_NAME).read_text("utf-8"))
    return loaded


# ---------------------------------------------------------------------------------------------------------------
# SARIF
# ---------------------------------------------------------------------------------------------------------------


def to_sarif(org: OrgReport) -> dict[str, Any]:
    """One SARIF 2.1.0 run over every stack: the URN and the stack in each result's location."""
    single = report.Report(
        project="",
        stack="",
        pack=org.pack,
        source="",
        resources=[],
        policies=org.policies,
    )
    log = report.to_sarif(single)
    run = log["runs"][0]
    index = {p.name: i for i, p in enumerate(org.policies)}
    results = []
    for stack in org.stacks:
        for finding in (*stack.violations, *stack.undetermined):
            result: dict[str, Any] = {
                "ruleId": finding.policy,
                "level": _SARIF_LEVEL.get(finding.level, "note"),
                "message": {"text": finding.message},
                "locations": [
                    {
                        "physicalLocation": {"artifactLocation": {"uri": stack.source}, "region": {"startLine": 1}},
                        "logicalLocations": [
                            {"fullyQualifiedName": finding.urn, "kind": "resource", "name": finding.resource_type},
                            {"fullyQualifiedName": stack.name, "kind": "module", "name": stack.name},
                        ],
                    }
                ],
                "partialFingerprints": {"residencyFinding/v1": f"{finding.policy}|{finding.urn}"},
                "properties": {
                    "severity": finding.severity,
                    "pack": finding.pack,
                    "stack": stack.name,
                    "source": stack.source,
                },
            }
            if finding.policy in index:
                result["ruleIndex"] = index[finding.policy]
            results.append(result)
    run["results"] = results
    run["automationDetails"] = {"id": "residency/audit/"}
    run["invocations"] = [
        {
            "executionSuccessful": not org.failed,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": f"{s.name}: {s.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": s.source}}}],
                }
                for s in org.failed
            ],
        }
    ]
    run["properties"] = {"stacks": len(org.stacks), "failed": len(org.failed), "shard": org.shard}
    return log


_SARIF_LEVEL: Final = {"mandatory": "error", "advisory": "warning"}


# ---------------------------------------------------------------------------------------------------------------
# JUnit
# ---------------------------------------------------------------------------------------------------------------


def to_junit(org: OrgReport) -> str:
    """JUnit XML: a suite per stack, a case per resource and policy, a failure per mandatory finding.

    A stack that could not be decided is a suite with one ``<error>`` case naming why.
    """
    policies = [p.name for p in org.policies]
    root = ET.Element("testsuites", name="residency")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for stack in org.stacks:
        suite = ET.SubElement(root, "testsuite", name=f"residency {stack.name}")
        suite.set("file", stack.source)
        if stack.error:
            case = ET.SubElement(suite, "testcase", classname=stack.source, name="load and evaluate")
            ET.SubElement(case, "error", message=stack.error, type="could-not-decide").text = stack.error
            counts = {"tests": 1, "failures": 0, "errors": 1}
        else:
            counts = _junit_cases(suite, stack, policies)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _junit_cases(suite: ET.Element, stack: StackAudit, policies: Sequence[str]) -> dict[str, int]:
    by_case: dict[tuple[str, str], list[report.Finding]] = defaultdict(list)
    for finding in (*stack.violations, *stack.undetermined):
        by_case[(finding.urn, finding.policy)].append(finding)
    urns = [r.urn for r in stack.resource_list or []]
    listed = set(urns)
    urns += sorted({urn for urn, _ in by_case if urn not in listed})
    failures = 0
    for urn in urns:
        for policy in policies:
            case = ET.SubElement(suite, "testcase", classname=urn, name=policy)
            for finding in by_case.get((urn, policy), []):
                if finding.level == "mandatory":
                    failures += 1
                    failure = ET.SubElement(case, "failure", message=finding.message, type=finding.severity)
                    failure.text = finding.message
                else:
                    ET.SubElement(case, "system-out").text = f"advisory: {finding.message}"
    return {"tests": len(urns) * len(policies), "failures": failures, "errors": 0}


# ---------------------------------------------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------------------------------------------


def print_text(org: OrgReport, console: Console) -> None:
    """The per-stack summary table, then the findings grouped by stack, then one summary line."""
    if not org.stacks:
        console.print(f"No stacks found in {', '.join(org.inputs)}.")
        return
    title = f"Residency audit of {len(org.stacks)} stacks (pack {org.pack} {org.pack_version})"
    if org.shard:
        title += f", shard {org.shard} of {org.discovered} discovered"
    table = Table(title=title)
    table.add_column("Stack", overflow="fold")
    table.add_column("Resources", justify="right")
    table.add_column("Mandatory", justify="right")
    table.add_column("Advisory", justify="right")
    table.add_column("Undetermined", justify="right")
    table.add_column("Result", overflow="fold")
    for stack in org.stacks:
        verdict = {"PASS": "[green]PASS[/]", "FAIL": "[red]FAIL[/]", "ERROR": "[bold red]ERROR[/]"}[stack.verdict]
        table.add_row(
            f"{report._escape(stack.name)}\n[dim]{report._escape(stack.source)}[/]"
            if stack.name != stack.source
            else report._escape(stack.name),
            f"{stack.resources:,}",
            str(stack.mandatory),
            str(stack.advisory),
            str(len(stack.undetermined)),
            verdict + (f": {report._escape(stack.error)}" if stack.error else ""),
        )
    console.print(table)
    for stack in org.stacks:
        findings = [*stack.violations, *stack.undetermined]
        if not findings:
            continue
        detail = Table(title=f"{report._escape(stack.name)} ({report._escape(stack.source)})", show_lines=True)
        detail.add_column("Resource", overflow="fold")
        detail.add_column("Type", overflow="fold")
        detail.add_column("Finding", overflow="fold")
        for finding in findings:
            colour = "red" if finding.level == "mandatory" else "yellow"
            detail.add_row(
                report._escape(report._short(finding.urn) or "(stack)"),
                finding.resource_type,
                f"[{colour}]{finding.level} {finding.policy}[/]: {report._escape(finding.message)}",
            )
        console.print(detail)
    summary = org.summary()
    verdict = {0: "[bold green]PASS[/]", 1: "[bold red]FAIL[/]", 2: "[bold red]ERROR[/]"}[org.exit_code]
    console.print(
        f"{verdict} {summary['stacks']:,} stacks ({summary['failed']} could not be decided), "
        f"{summary['resources']:,} resources, {len(org.policies)} policies: {summary['mandatory']:,} mandatory and "
        f"{summary['advisory']:,} advisory violations, {summary['undetermined']:,} undetermined."
    )


__all__ = ["OrgReport", "StackAudit", "print_text", "schema", "to_json", "to_junit", "to_sarif"]
