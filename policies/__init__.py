"""The residency CrossGuard policy pack: every rule, declared once, and what is derived from the declarations.

``RULES`` lists the rules of every area explicitly, in pack order; :func:`build_policies` turns them into the
pulumi_policy objects of one pack session (a fresh :class:`PackRuntime`). The README table and ``residency
explain`` read the same declarations. Import this package freely: nothing here starts a server.
"""

from __future__ import annotations

from pulumi_policy import Policy

from . import exposure, keyless, region, side_doors, stateless, undetermined
from ._rule import Rule, Types
from ._runtime import PackRuntime

#: The name the pack is published under.
PACK_NAME = "residency"

#: Every rule of the pack, in pack and README order: residency, side doors, exposure, keyless, stateless, then
#: the two rules that route undetermined findings (they must run after every other rule of a call).
RULES: tuple[Rule, ...] = (
    *region.RULES,
    *side_doors.RULES,
    *exposure.RULES,
    *keyless.RULES,
    *stateless.RULES,
    *undetermined.RULES,
)

#: Rules by name.
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
if len(BY_NAME) != len(RULES):
    raise ValueError("two rules of the pack share a name")


def build_policies(runtime: PackRuntime | None = None) -> list[Policy]:
    """The pulumi_policy objects of one pack session (a new runtime unless one is given)."""
    return (runtime or PackRuntime(RULES)).policies()


def rules_for(type_token: str) -> list[Rule]:
    """The rules that look at resources of a type (for ``residency explain``)."""
    return [rule for rule in RULES if rule.types.covers(type_token)]


def non_flow_table_markdown() -> str:
    """The README's table of what is not a data flow: types, properties, reason, AWS documentation."""
    from ._flow import NO_DATA_SERVICES, NON_FLOWS

    lines = ["| Types | Property | Why it is not a data flow | AWS documentation |", "| --- | --- | --- | --- |"]
    for entry in NON_FLOWS:
        types = "every type" if entry.types == "*" else f"`{entry.types}`"
        lines.append(f"| {types} | `{entry.path}` | {entry.reason} | [link]({entry.doc}) |")
    services = ", ".join(f"`{s}`" for s in sorted(NO_DATA_SERVICES))
    lines.append(f"| every type | ARNs of {services} | These services hold no data and receive none: certificates, "
                 "identities, firewalls, DNS zones. | [link](https://docs.aws.amazon.com/IAM/latest/UserGuide/"
                 "reference-arns.html) |")
    lines.append("| every type | IAM policy documents (`Statement`) | They grant (`Resource`, `Principal`, "
                 f"`Condition`); they send nothing. | [link]({_IAM_POLICY_DOC}) |")
    return "\n".join(lines) + "\n"


_IAM_POLICY_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html"


def policy_table_markdown() -> str:
    """The README's policy table: name, default level, severity, what it checks, resource types."""
    lines = [
        "| Policy | Level | Severity | Checks | Resource types |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in RULES:
        scope = " (stack)" if rule.scope == "stack" else ""
        lines.append(
            f"| `{rule.name}`{scope} | {rule.level.value} | {rule.severity.value} | {rule.description} | "
            f"{rule.types.describe()} |"
        )
    return "\n".join(lines) + "\n"


__all__ = [
    "BY_NAME",
    "PACK_NAME",
    "RULES",
    "PackRuntime",
    "Rule",
    "Types",
    "build_policies",
    "exposure",
    "keyless",
    "non_flow_table_markdown",
    "policy_table_markdown",
    "region",
    "rules_for",
    "side_doors",
    "stateless",
    "undetermined",
]
