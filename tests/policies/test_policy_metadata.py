"""Metadata every policy must carry, the registry, policies_for and the generated README table."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from policy_harness import Pack
from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from residency import catalog as c
from residency.config import PackSettings
from residency.policies import METADATA, POLICIES, REGISTRY, policies_for, policy_table_markdown

README = Path(__file__).resolve().parents[2] / "README.md"
AREAS = ("residency", "side-door", "exposure", "keyless", "stateless")


def test_names_are_unique_kebab_case_with_an_area() -> None:
    names = [p.name for p in POLICIES]
    assert len(names) == len(set(names)) == len(METADATA)
    for name in names:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", name), name
        assert name.startswith(tuple(f"{a}-" for a in AREAS)), name


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda e: e.meta.name)
def test_every_policy_has_the_required_metadata(entry: object) -> None:
    policy, meta = entry.policy, entry.meta  # type: ignore[attr-defined]
    assert re.fullmatch(r"[A-Z][^.]*[\w)]\.", policy.description), policy.description
    assert policy.severity is not None
    assert policy.enforcement_level is not None
    assert policy.remediation_steps
    assert policy.remediation_steps.endswith(".")
    assert meta.resource_types
    assert all(isinstance(t, str) for t in meta.resource_types)
    assert policy.config_schema is not None
    assert set(policy.config_schema.properties) == {f.alias for f in PackSettings.model_fields.values()}


def test_validators_follow_the_naming_rule() -> None:
    for entry in REGISTRY:
        validate = (
            entry.policy._ResourceValidationPolicy__validate
            if isinstance(  # type: ignore[attr-defined]
                entry.policy, ResourceValidationPolicy
            )
            else entry.policy._StackValidationPolicy__validate
        )  # type: ignore[attr-defined]
        assert validate.__name__ == entry.meta.name.replace("-", "_") + "_validator"
        assert inspect.getdoc(validate)


def test_scopes_match_policy_classes() -> None:
    for entry in REGISTRY:
        expected = StackValidationPolicy if entry.meta.scope == "stack" else ResourceValidationPolicy
        assert isinstance(entry.policy, expected)


def test_default_levels() -> None:
    advisory = {n for n, m in METADATA.items() if m.level.value == "advisory"}
    assert advisory == {"residency-control-plane", "residency-undetermined", "residency-undetermined-stack"}


def test_analyzer_info_lists_every_policy_with_schema() -> None:
    info = Pack().info()
    assert [p.name for p in info.policies] == [p.name for p in POLICIES]
    assert all("zone" in p.configSchema.properties for p in info.policies)


def test_policies_for_a_type() -> None:
    names = {m.name for m in policies_for(c.APIGW_METHOD)}
    assert {"keyless-static-credentials", "keyless-unauthenticated-method", "residency-processing"} <= names
    assert "stateless-log-retention" not in names
    assert {m.name for m in policies_for(c.AWS_PROVIDER)} == {"residency-region-determined"}
    assert policies_for("random:index/randomPet:RandomPet") == []


def test_table_has_a_row_per_policy() -> None:
    table = policy_table_markdown()
    for policy in POLICIES:
        assert f"| `{policy.name}`" in table
    assert table.count("\n") == len(POLICIES) + 2


def test_readme_table_is_up_to_date() -> None:
    text = README.read_text()
    start, end = "<!-- policy-table:start -->", "<!-- policy-table:end -->"
    assert start in text, "README.md lost its policy-table markers"
    assert end in text, "README.md lost its policy-table markers"
    embedded = text.split(start, 1)[1].split(end, 1)[0]
    assert embedded.strip() == policy_table_markdown().strip(), "regenerate with policy_table_markdown()"
