"""Undetermined findings at advisory level, for stacks configured with ``undeterminedIsMandatory: false``.

The SDK gives each policy a single enforcement level, and ``report_violation`` has no per-call level. So the
level of an undetermined finding is chosen by choosing which policy reports it:

* ``undeterminedIsMandatory: true`` (default): each rule reports its own undetermined findings, at its own
  level (mandatory for every residency, side-door, exposure, keyless and stateless rule);
* ``undeterminedIsMandatory: false``: the rules drop them and these two advisory rules report the undetermined
  findings of every other rule of the same call, naming the rule they come from.

The runtime keeps each rule's findings for the call, so nothing is computed twice. The setting is pack-wide: the
runtime refuses a configuration that gives it different values for different policies.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, Severity

from ._rule import EVERYTHING, Rule

AREA = "residency"

#: Remediation text shared by the undetermined routing.
UNDETERMINED_REMEDIATION = (
    "Make the deciding value known at preview (a literal region, an ARN built from known parts, or a "
    "reference to a resource of this stack), or run `pulumi up` so that the values are resolved."
)

UNDETERMINED = Rule(
    name="residency-undetermined",
    area=AREA,
    description="Residency decisions that depend on values unknown at preview are reported for review.",
    types=EVERYTHING,
    scope="resource",
    check=None,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation=UNDETERMINED_REMEDIATION,
    routes_undetermined=True,
)

UNDETERMINED_STACK = Rule(
    name="residency-undetermined-stack",
    area=AREA,
    description="Stack-level residency decisions that depend on values unknown at preview are reported for "
                "review.",
    types=EVERYTHING,
    scope="stack",
    check=None,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation=UNDETERMINED_REMEDIATION,
    routes_undetermined=True,
)

RULES = (UNDETERMINED, UNDETERMINED_STACK)
