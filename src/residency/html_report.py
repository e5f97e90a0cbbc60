"""The HTML audit report: one self-contained page a security team can hand to its data-protection officer.

It shows where the data lives (AWS resources by country and data class, as an inline SVG chart and a table),
the per-stack summary, the findings (filterable by stack, policy and level with a few lines of inline
JavaScript), the pack's version and configuration, and the date. Nothing is loaded from the network: no
scripts, styles, fonts or images from elsewhere. The page is a Jinja2 template with autoescaping on, and it
holds only what the other formats hold (messages never contain property values), so no secret can reach it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any, Final

import jinja2

from residency import __version__, model
from residency.org_report import OrgReport

#: Bar colours by data class; classes beyond these get the fallback.
_CLASS_COLOURS: Final = {
    model.CUSTOMER_CONTENT: "#b03a2e",
    "service-metadata": "#2e86c1",
    "billing": "#229954",
}
_FALLBACK_COLOURS: Final = ("#7d3c98", "#d68910", "#17a589", "#566573", "#a04000")
_KIND_ORDER: Final = ("at-rest", "processing", "control")

_ENVIRONMENT: Final = jinja2.Environment(
    loader=jinja2.PackageLoader("residency", "templates"),
    autoescape=True,  # every value is escaped; the template marks nothing safe
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Segment:
    """One coloured part of a bar."""

    x: float
    width: float
    colour: str
    data_class: str
    count: int


@dataclass(frozen=True)
class Bar:
    """One country's bar: its label, total and segments by data class."""

    y: float
    label: str
    total: int
    segments: tuple[Segment, ...]


def _country_label(code: str) -> str:
    if code == "global":
        return "Global services (no region)"
    if code == "undetermined":
        return "Region not determined"
    return f"{model.country_name(code)} ({code})"


def _colours(classes: list[str]) -> dict[str, str]:
    colours: dict[str, str] = {}
    spare = iter(_FALLBACK_COLOURS * (1 + len(classes) // len(_FALLBACK_COLOURS)))
    for name in classes:
        colours[name] = _CLASS_COLOURS.get(name) or next(spare)
    return colours


def chart(org: OrgReport, *, kind: str = "at-rest", width: float = 720.0, row: float = 28.0) -> dict[str, Any]:
    """Bars of ``kind`` resources by country, stacked by data class, with the SVG geometry computed here."""
    by_country: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for stack in org.stacks:
        for (country, data_class, resource_kind), count in stack.profile.items():
            if resource_kind == kind:
                by_country[country][data_class] += count
    classes = sorted(
        {c for counts in by_country.values() for c in counts}, key=lambda c: (c != model.CUSTOMER_CONTENT, c)
    )
    colours = _colours(classes)
    label_width, top = 230.0, 8.0
    largest = max((sum(c.values()) for c in by_country.values()), default=0)
    scale = (width - label_width - 60.0) / largest if largest else 0.0
    bars = []
    ordered = sorted(by_country.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    for position, (country, counts) in enumerate(ordered):
        x = label_width
        segments = []
        for data_class in classes:
            count = counts.get(data_class, 0)
            if count:
                segments.append(Segment(x, count * scale, colours[data_class], data_class, count))
                x += count * scale
        bars.append(Bar(top + position * row, _country_label(country), sum(counts.values()), tuple(segments)))
    return {
        "bars": bars,
        "legend": [(name, colours[name]) for name in classes],
        "width": width,
        "height": top * 2 + row * max(1, len(bars)),
        "label_width": label_width,
        "row": row,
    }


def _kind_table(org: OrgReport) -> list[tuple[str, list[int], int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for stack in org.stacks:
        for (country, _data_class, kind), count in stack.profile.items():
            counts[country][kind] += count
    rows = []
    for country, kinds in sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        rows.append((_country_label(country), [kinds.get(k, 0) for k in _KIND_ORDER], sum(kinds.values())))
    return rows


def _data_class_tag(org: OrgReport) -> str:
    entry = org.policy_config.get("residency-data-at-rest")
    tag = entry.get("dataClassTag") if isinstance(entry, dict) else None
    return tag if isinstance(tag, str) and tag else model.DEFAULT_DATA_CLASS_TAG


def render(org: OrgReport) -> str:
    """The whole page."""
    findings = [
        {**asdict(finding), "stack": stack.name, "source": stack.source, "undetermined": undetermined}
        for stack in org.stacks
        for findings_of, undetermined in ((stack.violations, False), (stack.undetermined, True))
        for finding in findings_of
    ]
    template = _ENVIRONMENT.get_template("audit.html.j2")
    return template.render(
        org=org,
        summary=org.summary(),
        stored=chart(org, kind="at-rest"),
        processing=chart(org, kind="processing"),
        kinds=_kind_table(org),
        kind_names=_KIND_ORDER,
        findings=findings,
        data_class_tag=_data_class_tag(org),
        policy_names=sorted({f["policy"] for f in findings}),
        config_json=json.dumps(org.policy_config, indent=2, sort_keys=True) if org.policy_config else "",
        tool_version=__version__,
    )
