"""Undetermined findings at advisory level, for stacks configured with ``undeterminedIsMandatory: false``.

The SDK gives each policy a single enforcement level, and ``report_violation`` has no per-call level. So the
level of an undetermined finding is chosen by choosing which policy reports it:

* ``undeterminedIsMandatory: true`` (default): each policy reports its own undetermined findings, at its own
  level (mandatory for every residency, side-door, exposure, keyless and stateless policy);
* ``undeterminedIsMandatory: false``: the policies drop them and these two advisory policies re-run every
  check and report the undetermined findings, naming the policy they come from.

Configuration is per policy in pulumi_policy, so set the flag to the same value for every policy of the pack.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
)

from ._context import ALL_AWS_TYPES, UNDETERMINED_REMEDIATION, ctx_from, subject_of
from ._registry import REGISTRY, resource_policy, stack_policy
from ._stack import StackIndex

UNDETERMINED = "residency-undetermined"
UNDETERMINED_STACK = "residency-undetermined-stack"


def residency_undetermined_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report every resource check's undetermined findings when they are configured as advisory."""
    ctx = ctx_from(args.get_config(), UNDETERMINED)
    if ctx.settings.undetermined_is_mandatory:
        return
    subject = subject_of(args)
    for entry in REGISTRY:
        if entry.resource_check is None:
            continue
        for finding in entry.resource_check(subject, ctx):
            if finding.undetermined:
                report(f"{finding.message} [{entry.meta.name}]", None)


def residency_undetermined_stack_validator(args: StackValidationArgs, report: ReportViolation) -> None:
    """Report every stack check's undetermined findings when they are configured as advisory."""
    ctx = ctx_from(args.get_config(), UNDETERMINED_STACK)
    if ctx.settings.undetermined_is_mandatory:
        return
    index = StackIndex.of(args.resources)
    for entry in REGISTRY:
        if entry.stack_check is None:
            continue
        for finding in entry.stack_check(index, ctx):
            if finding.undetermined:
                report(f"{finding.message} [{entry.meta.name}]", finding.urn)


residency_undetermined = resource_policy(
    name=UNDETERMINED,
    description="Residency decisions that depend on values unknown at preview are reported for review.",
    validator=residency_undetermined_validator,
    check=None,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation=UNDETERMINED_REMEDIATION,
    resource_types=(ALL_AWS_TYPES,),
)

residency_undetermined_stack = stack_policy(
    name=UNDETERMINED_STACK,
    description="Stack-level residency decisions that depend on values unknown at preview are reported for "
                "review.",
    validator=residency_undetermined_stack_validator,
    check=None,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation=UNDETERMINED_REMEDIATION,
    resource_types=(ALL_AWS_TYPES,),
)
