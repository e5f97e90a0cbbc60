"""Policies that report, as JSON, exactly what the pack received (unknowns as "<unknown>")."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        result = {}
        for key in value:
            try:
                result[key] = _plain(value[key])
            except UnknownValueError:
                result[key] = "<unknown>"
        return result
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = []
        for index in range(len(value)):
            try:
                items.append(_plain(value[index]))
            except UnknownValueError:
                items.append("<unknown>")
        return items
    return value


def wire_analyze_validator(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    provider = _plain(args.provider.props) if args.provider else None
    report_violation(json.dumps({"type": args.resource_type, "name": args.name, "props": _plain(args.props),
                                 "provider": provider}, sort_keys=True))


def wire_stack_validator(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    for resource in args.resources:
        report_violation(
            json.dumps({"type": resource.resource_type, "name": resource.name, "props": _plain(resource.props),
                        "optsParent": resource.opts.parent,
                        "parent": resource.parent.urn if resource.parent else None,
                        "propertyDependencies": {k: sorted(r.urn for r in v)
                                                 for k, v in resource.property_dependencies.items()}},
                       sort_keys=True),
            resource.urn,
        )


wire_analyze = ResourceValidationPolicy(
    name="wire-analyze", description="Reports the Analyze request.",
    enforcement_level=EnforcementLevel.ADVISORY, validate=wire_analyze_validator,
)
wire_stack = StackValidationPolicy(
    name="wire-stack", description="Reports the AnalyzeStack request.",
    enforcement_level=EnforcementLevel.ADVISORY, validate=wire_stack_validator,
)
