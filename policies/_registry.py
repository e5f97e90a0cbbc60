"""The registry of the pack's policies: the SDK objects plus the metadata the README and ``explain`` read.

Every policy is built through :func:`resource_policy` or :func:`stack_policy`, which give it the pack-level
config schema, check that the metadata the team requires is present, and record the check function so that
the ``residency-undetermined*`` policies can re-run every check to report undetermined findings at advisory
level when ``undeterminedIsMandatory`` is false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from ._context import (
    Ctx,
    Finding,
    PolicyMeta,
    ResourceCheck,
    Subject,
    config_schema,
    ctx_from,
    report_findings,
)
from ._context import subject_of as _subject_of
from ._stack import StackIndex

StackCheck = Callable[[StackIndex, Ctx], Iterable[Finding]]


@dataclass(frozen=True)
class Registered:
    """One policy of the pack with its metadata and the check it runs."""

    policy: Policy
    meta: PolicyMeta
    resource_check: ResourceCheck | None = None
    stack_check: StackCheck | None = None


#: Every policy in definition order (the order of the README table and of the pack).
REGISTRY: list[Registered] = []


def _register(entry: Registered) -> None:
    if any(r.meta.name == entry.meta.name for r in REGISTRY):
        raise ValueError(f"duplicate policy name {entry.meta.name!r}")
    REGISTRY.append(entry)


def resource_policy(
    *,
    name: str,
    description: str,
    validator: Callable[[ResourceValidationArgs, ReportViolation], None],
    check: ResourceCheck | None,
    level: EnforcementLevel,
    severity: Severity,
    remediation: str,
    resource_types: Iterable[str],
) -> ResourceValidationPolicy:
    """Build and register a resource policy."""
    policy = ResourceValidationPolicy(
        name=name,
        description=description,
        validate=validator,
        enforcement_level=level,
        config_schema=config_schema(),
        severity=severity,
        remediation_steps=remediation,
    )
    meta = PolicyMeta(name, "resource", level, tuple(resource_types))
    _register(Registered(policy, meta, resource_check=check))
    return policy


def stack_policy(
    *,
    name: str,
    description: str,
    validator: Callable[[StackValidationArgs, ReportViolation], None],
    check: StackCheck | None,
    level: EnforcementLevel,
    severity: Severity,
    remediation: str,
    resource_types: Iterable[str],
) -> StackValidationPolicy:
    """Build and register a stack policy."""
    policy = StackValidationPolicy(
        name=name,
        description=description,
        validate=validator,
        enforcement_level=level,
        config_schema=config_schema(),
        severity=severity,
        remediation_steps=remediation,
    )
    _register(Registered(policy, PolicyMeta(name, "stack", level, tuple(resource_types)), stack_check=check))
    return policy


def run_resource_check(
    args: ResourceValidationArgs, report: ReportViolation, policy_name: str, check: ResourceCheck
) -> None:
    """Validate the config, view the resource safely, run the check and report its findings."""
    ctx = ctx_from(args.get_config(), policy_name)
    report_findings(check(_subject_of(args), ctx), ctx, report)


def run_stack_check(
    args: StackValidationArgs, report: ReportViolation, policy_name: str, check: StackCheck
) -> None:
    """Validate the config, index the stack once, run the check and report its findings."""
    ctx = ctx_from(args.get_config(), policy_name)
    report_findings(check(StackIndex.of(args.resources), ctx), ctx, report)


def subject_of(args: ResourceValidationArgs) -> Subject:
    """Re-export for the policy modules."""
    return _subject_of(args)
