"""The HTML audit report: parsed as HTML, nothing loaded from the network, every value escaped, and (where
Chromium is installed) rendered headless to a screenshot."""

from __future__ import annotations

import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from audit_harness import odd_values_state, shared_states

from residency import audit, html_report, report
from residency.org_report import OrgReport, StackAudit

CHROMIUM = Path("/usr/bin/chromium")


class Page(HTMLParser):
    """Tags, attributes, text and inline script/style of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.inline: dict[str, list[str]] = {"script": [], "style": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in self.inline:
            self.inline[self.stack[-1]].append(data)
        else:
            self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> OrgReport:
    root = tmp_path_factory.mktemp("html")
    for path in shared_states():
        shutil.copy(path, root / path.name)
    import json

    (root / "odd.json").write_text(json.dumps(odd_values_state()), encoding="utf-8")
    (root / "broken.json").write_text("{", encoding="utf-8")
    return audit.run_audit([str(root)], audit.AuditOptions(jobs=1), want_profile=True)


@pytest.fixture(scope="module")
def page(org: OrgReport) -> str:
    return html_report.render(org)


def test_it_is_one_page_with_nothing_from_the_network(page: str) -> None:
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "xlink:href", "action", "data"):
            value = attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (tag, name, value)
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
    styles = "".join(parsed.inline["style"])
    assert "@import" not in styles
    assert "url(" not in styles
    scripts = "".join(parsed.inline["script"])
    assert "fetch(" not in scripts
    assert "XMLHttpRequest" not in scripts
    assert all(a.get("src") is None for a in parsed.find("script"))
    # The only URL on the page is the SVG namespace, which is a name, not a request.
    assert [u for u in ("http://", "https://") if u in page.replace('xmlns="http://www.w3.org/2000/svg"', "")] == []


def test_it_shows_where_the_data_lives(org: OrgReport, page: str) -> None:
    parsed = parse(page)
    charts = parsed.find("svg")
    assert charts
    bars = parsed.find("rect")
    assert len(bars) >= 2
    text = " ".join(parsed.text)
    assert "United States (US)" in text
    assert "Region not determined" in text
    # The per-country table adds up to every AWS resource profiled.
    profiled = sum(sum(s.profile.values()) for s in org.stacks)
    assert profiled > 0
    assert str(profiled) in text


def test_it_shows_the_stacks_findings_pack_and_date(org: OrgReport, page: str) -> None:
    parsed = parse(page)
    assert len(parsed.find("tr", **{"data-stack": org.stacks[0].source})) >= 1
    stack_rows = [a for t, a in parsed.tags if t == "tr" and "data-stack" in a and a.get("class") != "finding"]
    assert len(stack_rows) == len(org.stacks)
    finding_rows = [a for t, a in parsed.tags if t == "tr" and a.get("class") == "finding"]
    assert len(finding_rows) == sum(len(s.violations) + len(s.undetermined) for s in org.stacks)
    assert {a["data-level"] for a in finding_rows} == {"mandatory", "advisory"}
    text = " ".join(parsed.text)
    assert f"{org.pack} {org.pack_version}" in text
    assert org.generated in text
    assert "broken.json" in text
    assert "NOT DECIDED" in text
    for policy in org.policies:
        assert policy.name in text
    # Filters by stack, policy and level, each with an "all" entry plus one per value.
    for select in ("filter-stack", "filter-policy", "filter-level"):
        assert parsed.find("select", id=select)
    assert len(parsed.find("option")) == (len(org.stacks) + 1) + (len({a["data-policy"] for a in finding_rows}) + 1) + 3


def test_every_value_is_escaped() -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    stack = StackAudit(
        source=f'"><img src=x>{hostile}',
        project="p<b>",
        stack="s",
        resources=1,
        violations=[report.Finding("residency-data-at-rest", "residency", "mandatory", "high", "urn:x", "t", hostile)],
        profile={("US", hostile, "at-rest"): 1},
    )
    org = OrgReport(
        stacks=[stack],
        pack="residency",
        pack_version="0.1.0",
        policies=[report.PolicyInfo("residency-data-at-rest", hostile, "mandatory", "high", "")],
        levels={"residency-data-at-rest": "mandatory"},
        policy_config={"residency-data-at-rest": {"dataClassTag": hostile}},
        config_source=hostile,
        inputs=[hostile],
        shard=None,
        discovered=1,
        evaluation="in-process",
        generated="2026-01-01T00:00:00Z",
    )
    page = html_report.render(org)
    parsed = parse(page)
    assert parsed.find("img") == []
    assert len(parsed.find("script")) == 1  # the page's own filter script
    assert hostile in " ".join(parsed.text)  # shown as text, not markup


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (Debian package chromium)")
def test_headless_chromium_renders_it(page: str, tmp_path: Path) -> None:
    report_file = tmp_path / "report.html"
    report_file.write_text(page, encoding="utf-8")
    screenshot = tmp_path / "report.png"
    completed = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={screenshot}",
            "--window-size=1280,2000",
            report_file.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert _png_size(screenshot) == (1280, 2000)
    # A blank page compresses to a few kilobytes; tables, bars and text do not.
    assert screenshot.stat().st_size > 50_000
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(screenshot) as image:
        colours: Any = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 50
    # The bars' colour (customer content) is on the page.
    assert any(rgb == (0xB0, 0x3A, 0x2E) for _count, rgb in colours)
