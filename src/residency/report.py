"""What a residency run found, and its renderings: JSON, SARIF 2.1.0, JUnit XML and a Rich text table."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from residency import __version__

Format = Literal["text", "json", "sarif", "junit"]

#: A violation whose message starts with this could not be decided (unknown values); it is never a pass.
UNDETERMINED_PREFIX = "Undetermined:"


@dataclass(frozen=True, slots=True)
class Finding:
    """One diagnostic of the pack, in the shape of the JSON contract."""

    policy: str
    pack: str
    level: str
    severity: str
    urn: str
    resource_type: str
    message: str


@dataclass(frozen=True, slots=True)
class PolicyInfo:
    """A policy as the pack describes itself through GetAnalyzerInfo."""

    name: str
    description: str
    level: str
    severity: str
    remediation: str


@dataclass(frozen=True, slots=True)
class Resource:
    """A checked resource: its URN and type token."""

    urn: str
    type: str


@dataclass
class Report:
    """The outcome of one ``check`` or ``audit``."""

    project: str
    stack: str
    pack: str
    source: str
    resources: list[Resource]
    policies: list[PolicyInfo]
    violations: list[Finding] = field(default_factory=list)
    undetermined: list[Finding] = field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        """Mandatory findings, decided or not: any of them fails the run."""
        return [f for f in (*self.violations, *self.undetermined) if f.level == "mandatory"]

    @property
    def exit_code(self) -> int:
        """0 when nothing mandatory was found, 1 otherwise."""
        return 1 if self.blocking else 0

    def add(self, finding: Finding) -> None:
        """File a finding under violations or undetermined by its message."""
        target = self.undetermined if finding.message.startswith(UNDETERMINED_PREFIX) else self.violations
        target.append(finding)


def render(report: Report, fmt: Format) -> str:
    """The report in one of the machine formats (``text`` is printed by :func:`print_text`)."""
    if fmt == "json":
        return to_json(report)
    if fmt == "sarif":
        return json.dumps(to_sarif(report), indent=2)
    if fmt == "junit":
        return to_junit(report)
    raise ValueError(f"render() does not produce {fmt!r}; use print_text")


def to_json(report: Report) -> str:
    """Exactly one JSON object, with the contract's keys."""
    document = {
        "stack": report.stack,
        "project": report.project,
        "resources": len(report.resources),
        "violations": [asdict(f) for f in report.violations],
        "undetermined": [asdict(f) for f in report.undetermined],
    }
    return json.dumps(document, indent=2)


_SARIF_LEVEL = {"mandatory": "error", "advisory": "warning"}


def to_sarif(report: Report) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one rule per policy, one result per finding, the URN as logical location."""
    rules = [
        {
            "id": p.name,
            "name": p.name,
            "shortDescription": {"text": p.description},
            "fullDescription": {"text": p.description},
            "help": {"text": p.remediation or p.description},
            "defaultConfiguration": {"level": _SARIF_LEVEL.get(p.level, "note")},
            "properties": {"severity": p.severity, "tags": ["residency"]},
        }
        for p in report.policies
    ]
    index = {p.name: i for i, p in enumerate(report.policies)}
    results = []
    for finding in (*report.violations, *report.undetermined):
        result: dict[str, Any] = {
            "ruleId": finding.policy,
            "level": _SARIF_LEVEL.get(finding.level, "note"),
            "message": {"text": finding.message},
            "locations": [
                {
                    # Code scanning wants a file; the program (or state file) is where the resource is declared.
                    "physicalLocation": {"artifactLocation": {"uri": report.source}, "region": {"startLine": 1}},
                    "logicalLocations": [
                        {"fullyQualifiedName": finding.urn, "kind": "resource", "name": finding.resource_type}
                    ],
                }
            ],
            "partialFingerprints": {"residencyFinding/v1": f"{finding.policy}|{finding.urn}"},
            "properties": {"severity": finding.severity, "pack": finding.pack},
        }
        if finding.policy in index:
            result["ruleIndex"] = index[finding.policy]
        results.append(result)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "residency",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/pulumi-residency/",
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"residency/{report.project}/{report.stack}/"},
                "results": results,
            }
        ],
    }


def to_junit(report: Report) -> str:
    """JUnit XML: one testcase per resource and policy, a failure per finding."""
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in (*report.violations, *report.undetermined):
        by_case[(finding.urn, finding.policy)].append(finding)
    policies = [p.name for p in report.policies]
    suite = ET.Element("testsuite", name=f"residency {report.project}/{report.stack}")
    failures = 0
    urns = [r.urn for r in report.resources]
    # Stack-level findings may name no resource; they get a case of their own.
    urns += sorted({urn for urn, _ in by_case if urn not in set(urns)})
    for urn in urns:
        for policy in policies:
            case = ET.SubElement(suite, "testcase", classname=urn, name=policy)
            for finding in by_case.get((urn, policy), []):
                tag = "failure" if finding.level == "mandatory" else "system-out"
                if tag == "failure":
                    failures += 1
                    ET.SubElement(case, tag, message=finding.message, type=finding.severity).text = finding.message
                else:
                    ET.SubElement(case, tag).text = f"advisory: {finding.message}"
    suite.set("tests", str(len(urns) * len(policies)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites", name="residency", tests=suite.get("tests", "0"), failures=str(failures))
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def print_text(report: Report, console: Console) -> None:
    """A table grouped by resource, then one summary line."""
    findings: dict[str, list[Finding]] = defaultdict(list)
    for finding in (*report.violations, *report.undetermined):
        findings[finding.urn].append(finding)
    table = Table(title=f"Residency of {report.project}/{report.stack} (pack {report.pack})", show_lines=True)
    table.add_column("Resource", overflow="fold")
    table.add_column("Type", overflow="fold")
    table.add_column("Result", overflow="fold")
    seen = set()
    for resource in report.resources:
        seen.add(resource.urn)
        table.add_row(_short(resource.urn), resource.type, _cell(findings.get(resource.urn, [])))
    for urn, items in findings.items():
        if urn not in seen:
            table.add_row(_short(urn) or "(stack)", items[0].resource_type, _cell(items))
    console.print(table)
    mandatory = sum(1 for f in report.violations if f.level == "mandatory")
    advisory = sum(1 for f in report.violations if f.level != "mandatory")
    verdict = "[bold red]FAIL[/]" if report.exit_code else "[bold green]PASS[/]"
    console.print(
        f"{verdict} {len(report.resources)} resources, {len(report.policies)} policies: "
        f"{mandatory} mandatory and {advisory} advisory violations, {len(report.undetermined)} undetermined."
    )


def _short(urn: str) -> str:
    return urn.rsplit("::", 1)[-1] if urn.startswith("urn:pulumi:") else urn


def _cell(items: Sequence[Finding]) -> str:
    if not items:
        return "[green]compliant[/]"
    lines = []
    for f in items:
        colour = "red" if f.level == "mandatory" else "yellow"
        lines.append(f"[{colour}]{f.level} {f.policy}[/]: {_escape(f.message)}")
    return "\n".join(lines)


def _escape(text: str) -> str:
    return text.replace("[", "\\[")
