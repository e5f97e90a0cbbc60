"""Policies of the test pack, importable without starting the pack."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pulumi
from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)


def no_bad_validator(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    if args.props.get("bad") is True:
        report_violation(
            f"{args.name} has bad=true (provider region {args.provider.props.get('region') if args.provider else None})"
        )


def stack_flag_validator(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    limit = int(args.get_config()["limit"])
    flagged = [r for r in args.resources if r.props.get("flag") is True]
    for resource in flagged:
        parent = resource.parent.urn if resource.parent else None
        deps = ",".join(sorted(d.name for d in resource.dependencies))
        report_violation(f"{resource.name} flagged (parent={parent} deps={deps})", resource.urn)
    if len(args.resources) > limit:
        report_violation(f"{len(args.resources)} resources exceed the limit of {limit}")


def _plain(value: object) -> object:
    # Nested values arrive wrapped in pulumi_policy's unknown-checking proxies (Mapping and Sequence).
    if isinstance(value, Mapping):
        return {k: _plain(value[k]) for k in value}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value


def echo_validator(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    # Reports what the pack received, so tests can check the encoding end to end.
    if "echo" in args.props:
        report_violation(repr(_plain(args.props["echo"])))
    if "log" in args.props:
        pulumi.log.warn(f"pack log: {args.props['log']}")


def fix_remediation(args: ResourceValidationArgs) -> dict[str, object] | None:
    if args.props.get("bad") == "fixable":
        return {**args.props, "bad": False, "fixed": True}
    return None


no_bad = ResourceValidationPolicy(
    name="test-no-bad",
    description="Resources must not set bad.",
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Unset bad.",
    validate=no_bad_validator,
)

stack_flag = StackValidationPolicy(
    name="test-stack-flag",
    description="No resource output may have flag set.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=stack_flag_validator,
    config_schema=PolicyConfigSchema(properties={"limit": {"type": "integer", "default": 100}}),
)

fix = ResourceValidationPolicy(
    name="test-fix",
    description="Fixable bad values are fixed.",
    enforcement_level=EnforcementLevel.REMEDIATE,
    remediate=fix_remediation,
)

echo = ResourceValidationPolicy(
    name="test-echo",
    description="Echo.",
    enforcement_level=EnforcementLevel.ADVISORY,
    validate=echo_validator,
)
