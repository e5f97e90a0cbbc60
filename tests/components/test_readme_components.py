"""The README's components table lists every component, its arguments and outputs, and real policy names."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pulumi
import pytest

import residency.components as components
from residency.policies import BY_NAME

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- components-table:start -->", "<!-- components-table:end -->"

COMPONENTS = sorted(
    name
    for name in components.__all__
    if inspect.isclass(getattr(components, name)) and issubclass(getattr(components, name), pulumi.ComponentResource)
)


def rows() -> dict[str, list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert START in text, "README.md lost its components-table markers"
    table = text[text.index(START) : text.index(END)]
    found: dict[str, list[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            found[cells[0].strip("`")] = cells
    return found


def arguments(component: str) -> dict[str, bool]:
    """The fields of ``<Component>Args`` and whether each is required (read from the source: NotRequired)."""
    module = inspect.getmodule(getattr(components, component))
    assert module is not None
    tree = ast.parse(inspect.getsource(module))
    (args,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == f"{component}Args"]
    return {
        ast.unparse(field.target): not ast.unparse(field.annotation).startswith("NotRequired")
        for field in args.body
        if isinstance(field, ast.AnnAssign)
    }


def test_every_component_has_a_row() -> None:
    assert set(rows()) == set(COMPONENTS)


@pytest.mark.parametrize("component", COMPONENTS)
def test_row_lists_arguments_outputs_and_policies(component: str) -> None:
    _, args_cell, outputs_cell, policies_cell = rows()[component]
    for field, required in arguments(component).items():
        if required:
            assert f"**`{field}`**" in args_cell, f"{component}: required {field} is not in bold"
        else:
            assert f"`{field}`" in args_cell, f"{component}: {field} is missing"
            assert f"**`{field}`**" not in args_cell, f"{component}: optional {field} is in bold"
    hints = inspect.get_annotations(getattr(components, component))
    for attribute, hint in hints.items():
        if re.search(r"PinnedProvider|ResidentNetwork", str(hint)):
            continue  # the component objects a component was given, not outputs
        assert f"`{attribute}`" in outputs_cell, f"{component}: output {attribute} is missing"
    named = re.findall(r"`([a-z]+(?:-[a-z]+)+)`", policies_cell)
    assert named, component
    for policy in named:
        assert policy in BY_NAME, f"{component}: {policy} is not a policy of the pack"
