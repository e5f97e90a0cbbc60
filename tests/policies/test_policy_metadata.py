"""Every rule is declared once with the metadata the team requires; the registry, rules_for and the README table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policy_harness import Pack
from pulumi_policy import ResourceValidationPolicy, StackValidationPolicy

from residency import catalog as c
from residency.config import PackSettings
from residency.policies import BY_NAME, RULES, PackRuntime, Rule, policy_table_markdown, rules_for

README = Path(__file__).resolve().parents[2] / "README.md"
AREAS = ("residency", "side-door", "exposure", "keyless", "stateless")


def test_names_are_unique_kebab_case_with_an_area() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) == len(BY_NAME)
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name), rule.name
        assert rule.area in AREAS
        assert rule.name.startswith(f"{rule.area}-"), rule.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_rule_has_the_required_metadata(rule: Rule) -> None:
    assert re.fullmatch(r"[A-Z][^.]*[\w)]\.", rule.description), rule.description
    assert rule.remediation.endswith(".")
    assert rule.types.describe()
    assert (rule.check is None) == rule.routes_undetermined


def test_a_rule_refuses_missing_metadata() -> None:
    with pytest.raises(ValueError, match="must be named"):
        Rule("other-x", "residency", "D.", RULES[0].types, "resource", None, RULES[0].level, RULES[0].severity, "R.")
    with pytest.raises(ValueError, match="one-sentence description"):
        Rule("residency-x", "residency", "no stop", RULES[0].types, "resource", None, RULES[0].level,
             RULES[0].severity, "R.")


def test_sdk_policies_are_built_from_the_declarations() -> None:
    policies = PackRuntime(RULES).policies()
    assert [p.name for p in policies] == [r.name for r in RULES]
    for policy, rule in zip(policies, RULES, strict=True):
        expected = StackValidationPolicy if rule.scope == "stack" else ResourceValidationPolicy
        assert isinstance(policy, expected)
        assert (policy.description, policy.enforcement_level, policy.severity) == (
            rule.description, rule.level, rule.severity)
        assert policy.remediation_steps == rule.remediation
        assert policy.config_schema is not None
        assert set(policy.config_schema.properties) == {f.alias for f in PackSettings.model_fields.values()}


def test_default_levels() -> None:
    advisory = {r.name for r in RULES if r.level.value == "advisory"}
    assert advisory == {"residency-control-plane", "side-door-multi-region", "residency-undetermined",
                        "residency-undetermined-stack"}


def test_the_undetermined_routing_rules_come_last() -> None:
    assert [r.routes_undetermined for r in RULES][-2:] == [True, True]
    assert not any(r.routes_undetermined for r in RULES[:-2])


def test_analyzer_info_lists_every_rule_with_schema() -> None:
    info = Pack().info()
    assert [p.name for p in info.policies] == [r.name for r in RULES]
    assert all("zone" in p.configSchema.properties for p in info.policies)


def test_rules_for_a_type() -> None:
    names = {r.name for r in rules_for(c.APIGW_METHOD)}
    assert {"keyless-static-credentials", "keyless-unauthenticated-method", "residency-processing"} <= names
    assert "stateless-log-retention" not in names
    assert {r.name for r in rules_for(c.AWS_PROVIDER)} == {
        "residency-region-determined", "residency-opaque-resource", "side-door-destination",
        "keyless-static-credentials",
        "residency-undetermined", "residency-undetermined-stack"}
    assert {r.name for r in rules_for("random:index/randomPet:RandomPet")} == {
        "residency-opaque-resource", "residency-undetermined", "residency-undetermined-stack"}


def test_table_has_a_row_per_rule() -> None:
    table = policy_table_markdown()
    for rule in RULES:
        assert f"| `{rule.name}`" in table
    assert table.count("\n") == len(RULES) + 2


def test_readme_table_is_up_to_date() -> None:
    text = README.read_text()
    start, end = "<!-- policy-table:start -->", "<!-- policy-table:end -->"
    assert start in text, "README.md lost its policy-table markers"
    assert end in text, "README.md lost its policy-table markers"
    embedded = text.split(start, 1)[1].split(end, 1)[0]
    assert embedded.strip() == policy_table_markdown().strip(), "regenerate with policy_table_markdown()"


def test_readme_non_flow_table_is_up_to_date() -> None:
    from residency.policies import non_flow_table_markdown

    text = README.read_text()
    start, end = "<!-- non-flow-table:start -->", "<!-- non-flow-table:end -->"
    assert start in text, "README.md lost its non-flow-table markers"
    embedded = text.split(start, 1)[1].split(end, 1)[0]
    assert embedded.strip() == non_flow_table_markdown().strip(), "regenerate with non_flow_table_markdown()"
