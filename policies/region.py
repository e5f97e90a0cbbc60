"""Residency of every AWS resource: a determinable region, and data stored and processed in the zone.

The effective region is the resource's own ``region`` input (pulumi-aws 7 per-resource region), else its
provider's ``region`` (an explicit provider, or the default provider built from ``aws:region``). Global types
(IAM, CloudFront, Route 53 zones, ...) take no region; :mod:`residency.catalog` lists them explicitly:

* global ``control`` types hold no customer content and pass;
* global ``at-rest`` types (CloudFront key-value stores) store outside any region and fail
  ``residency-data-at-rest``;
* global ``processing`` types (CloudFront distributions, Global Accelerator) are judged by the exposure and
  edge policies, which know what makes them acceptable (geo restriction, no edge compute).

The region checks only judge resources whose region is determined; ``residency-region-determined`` reports the
others once, so one bad provider does not produce four messages per resource.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from residency import catalog, model

from ._context import (
    ALL_AWS_TYPES,
    Ctx,
    Finding,
    Subject,
    data_class,
    effective_region,
    undetermined,
    violation,
)
from ._context import where as _where
from ._registry import resource_policy, run_resource_check


def _applies(subject: Subject) -> bool:
    return catalog.is_aws_type(subject.type) or subject.type == catalog.AWS_PROVIDER


# ------------------------------------------------------------------------------------------------------------
# residency-region-determined
# ------------------------------------------------------------------------------------------------------------

REGION_DETERMINED = "residency-region-determined"


def region_determined_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """The effective region must be exactly a known region; a provider must name one."""
    if not _applies(subject):
        return
    verdict = effective_region(subject)
    if verdict.problem:
        yield violation(f"{verdict.problem[0].upper()}{verdict.problem[1:]}. Use a region of "
                        f"{ctx.zone_label}.")
    elif verdict.undetermined:
        yield undetermined(
            f"{verdict.undetermined[0].upper()}{verdict.undetermined[1:]}, so residency in {ctx.zone_label} "
            f"cannot be checked. Use a region known at preview (a literal or stack configuration)."
        )


def residency_region_determined_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report resources and providers whose region is missing, malformed or unknown."""
    run_resource_check(args, report, REGION_DETERMINED, region_determined_check)


residency_region_determined = resource_policy(
    name=REGION_DETERMINED,
    description="Every AWS resource and provider must have an effective region that is exactly a known AWS "
                "region.",
    validator=residency_region_determined_validator,
    check=region_determined_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Set `aws:region` (default provider) or the explicit provider's `region` to a region of the zone, "
        "spelled exactly as AWS does (lower case, no blanks), or set the resource's `region` input."
    ),
    resource_types=(ALL_AWS_TYPES, catalog.AWS_PROVIDER),
)


# ------------------------------------------------------------------------------------------------------------
# residency-data-at-rest, residency-processing, residency-control-plane: one rule body, three kinds
# ------------------------------------------------------------------------------------------------------------


def _outside_zone(subject: Subject, ctx: Ctx, kind: catalog.Kind) -> tuple[str, str] | None:
    """``(where, source)`` when a regional resource of ``kind`` is determined to be outside the zone."""
    if subject.type == catalog.AWS_PROVIDER or not catalog.is_aws_type(subject.type):
        return None
    if subject.classification.kind is not kind:
        return None
    verdict = effective_region(subject)
    if verdict.region is None or ctx.in_zone(verdict.region):
        return None
    return _where(verdict.region), verdict.source


DATA_AT_REST = "residency-data-at-rest"


def data_at_rest_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """At-rest resources (and unclassified types) must store customer content in the zone."""
    if not catalog.is_aws_type(subject.type) or subject.classification.kind is not catalog.Kind.AT_REST:
        return
    tag = ctx.settings.data_class_tag
    klass = data_class(subject, tag)
    if ctx.exempt(klass):
        return
    declared = ("carries no exempt data class" if klass != model.CUSTOMER_CONTENT
                else f"holds {model.CUSTOMER_CONTENT} (no `{tag}` tag)")
    fix = (f"Store it in a region of {ctx.zone_label}, or tag it `{tag}` with an exempt class "
           f"({', '.join(ctx.settings.exempt_classes) or 'none configured'}) if it holds no customer "
           "content.")
    verdict = effective_region(subject)
    if verdict.is_global:
        yield violation(f"{subject.classification.type_token} is stored by a global AWS service (outside any "
                        f"region) and {declared}. {fix}")
        return
    outside = _outside_zone(subject, ctx, catalog.Kind.AT_REST)
    if outside:
        yield violation(f"Stores data in {outside[0]} (from {outside[1]}) and {declared}. {fix}")


def residency_data_at_rest_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report storage outside the zone."""
    run_resource_check(args, report, DATA_AT_REST, data_at_rest_check)


residency_data_at_rest = resource_policy(
    name=DATA_AT_REST,
    description="Resources that store data must store customer content in a region of the residency zone.",
    validator=residency_data_at_rest_validator,
    check=data_at_rest_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Deploy the resource in a region of the zone. Only data that is not customer content (for example "
        "billing or service metadata) may be stored elsewhere, and only when tagged with an exempt data "
        "class."
    ),
    resource_types=(ALL_AWS_TYPES,),
)

PROCESSING = "residency-processing"


def processing_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Processing resources must run in the zone; data classes do not exempt them."""
    outside = _outside_zone(subject, ctx, catalog.Kind.PROCESSING)
    if outside:
        yield violation(f"Processes requests in {outside[0]} (from {outside[1]}), outside {ctx.zone_label}. "
                        f"Run it in a region of the zone; data-class tags do not exempt processing.")


def residency_processing_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report processing outside the zone."""
    run_resource_check(args, report, PROCESSING, processing_check)


residency_processing = resource_policy(
    name=PROCESSING,
    description="Resources that process data in transit must run in a region of the residency zone.",
    validator=residency_processing_validator,
    check=processing_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Deploy functions, containers, instances, APIs, load balancers and topics in a region of "
                "the zone.",
    resource_types=(ALL_AWS_TYPES,),
)

CONTROL_PLANE = "residency-control-plane"


def control_plane_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Control-plane resources outside the zone hold no content, but their names and tags leave the zone."""
    outside = _outside_zone(subject, ctx, catalog.Kind.CONTROL)
    if outside:
        yield violation(f"Control-plane resource in {outside[0]} (from {outside[1]}), outside "
                        f"{ctx.zone_label}; it holds no customer content, but its configuration and names "
                        "leave the zone.")


def residency_control_plane_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report control-plane resources outside the zone (advisory)."""
    run_resource_check(args, report, CONTROL_PLANE, control_plane_check)


residency_control_plane = resource_policy(
    name=CONTROL_PLANE,
    description="Regional control-plane resources should be deployed in a region of the residency zone.",
    validator=residency_control_plane_validator,
    check=control_plane_check,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation="Deploy security groups, alarms, WAF rules and other configuration next to what they "
                "configure.",
    resource_types=(ALL_AWS_TYPES,),
)
