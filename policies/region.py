"""Residency of every resource: a determinable region, and data stored and processed in the zone.

The effective region is the resource's own ``region`` input (pulumi-aws 7 per-resource region, which the
provider's Check fills in), else its provider's ``region``. Global types (IAM, CloudFront, Route 53 zones, ...)
take no region; :mod:`residency.catalog` lists them explicitly: global ``control`` types hold no customer content
and pass, global ``at-rest`` types (CloudFront key-value stores) store outside any region and fail
``residency-data-at-rest``, global ``processing`` types are judged by the exposure and edge rules.

The data class a stored resource is judged by follows its data (:mod:`._lineage`): a bucket policy takes its
bucket's class, a replica its source's. When that depends on a value unknown at preview, the stack rule
``residency-data-lineage`` decides it with the whole stack in view.

Resources the pack cannot see into (dynamic providers, commands, resources of packages it cannot place) are
``residency-opaque-resource`` findings: they could create anything anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog, model

from ._lineage import Lineage, MemoryResolver, effective_class
from ._places import Ctx, declared_class, effective_region, tag_hint, where
from ._refs import LOCAL_PACKAGES
from ._rule import ALL_AWS, AWS_AND_PROVIDER, EVERYTHING, Finding, Rule, undetermined, violation
from ._stack import StackIndex, StackResolver
from ._values import Subject

AREA = "residency"

# ------------------------------------------------------------------------------------------------------------
# residency-region-determined
# ------------------------------------------------------------------------------------------------------------


def region_determined_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """The effective region must be exactly a known, placed region; a provider must name one."""
    verdict = effective_region(subject)
    if verdict.problem:
        yield violation(f"{verdict.problem[0].upper()}{verdict.problem[1:]}. Use a region of {ctx.zone_label}.")
    elif verdict.undetermined:
        yield undetermined(
            f"{verdict.undetermined[0].upper()}{verdict.undetermined[1:]}, so residency in {ctx.zone_label} "
            f"cannot be checked. Use a region known at preview (a literal or stack configuration)."
        )


REGION_DETERMINED = Rule(
    name="residency-region-determined",
    area=AREA,
    description="Every AWS resource and provider must have an effective region that is exactly a known AWS "
                "region.",
    types=AWS_AND_PROVIDER,
    scope="resource",
    check=region_determined_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Set `aws:region` (default provider) or the explicit provider's `region` to a region of the zone, "
        "spelled exactly as AWS does (lower case, no blanks), or set the resource's `region` input."
    ),
)

# ------------------------------------------------------------------------------------------------------------
# residency-data-at-rest and residency-data-lineage
# ------------------------------------------------------------------------------------------------------------


def _outside_zone(subject: Subject, ctx: Ctx, kind: catalog.Kind) -> tuple[str, str] | None:
    """``(where, source)`` when a regional resource of ``kind`` is determined to be outside the zone."""
    if subject.type == catalog.AWS_PROVIDER or catalog.classify(subject.type).kind is not kind:
        return None
    verdict = effective_region(subject)
    if verdict.region is None or ctx.in_zone(verdict.region):
        return None
    return where(verdict.region), verdict.source


def _holds(subject: Subject, lineage: Lineage, ctx: Ctx) -> str:
    tag = ctx.settings.data_class_tag
    declared = declared_class(subject, tag)
    if not declared.known:
        return f"its `{tag}` tag is unknown at preview, so it counts as {model.CUSTOMER_CONTENT}"
    holds = "holds customer content" if lineage.data_class == model.CUSTOMER_CONTENT else "carries no exempt class"
    if lineage.from_source and not lineage.declared:
        return f"holds the data of {lineage.from_source}, which {holds}"
    if lineage.from_source:
        return f"holds the data of {lineage.from_source}, which {holds}, whatever its own tag says"
    if lineage.data_class == model.CUSTOMER_CONTENT:
        return f"holds {model.CUSTOMER_CONTENT} (no `{tag}` tag){tag_hint(declared, tag)}"
    # The tag's value is never echoed: it is user text and could be anything.
    return "carries no exempt data class"


def _fix(ctx: Ctx) -> str:
    tag = ctx.settings.data_class_tag
    exempt = ", ".join(ctx.settings.exempt_classes) or "none configured"
    return (f"Store it in a region of {ctx.zone_label}, or tag it `{tag}` with an exempt class ({exempt}) if "
            "it holds no customer content.")


def _at_rest_finding(subject: Subject, ctx: Ctx, lineage: Lineage, urn: str | None = None) -> Iterator[Finding]:
    if ctx.exempt(lineage.data_class):
        return
    declared = declared_class(subject, ctx.settings.data_class_tag)
    verdict = effective_region(subject)
    if verdict.is_global:
        text = f"{subject.type} is stored by a global AWS service (outside any region) and "
    else:
        text = f"Stores data in {where(verdict.region or '')} (from {verdict.source}) and "
    text += f"{_holds(subject, lineage, ctx)}. {_fix(ctx)}"
    if not declared.known:
        yield undetermined(text, urn)
    else:
        yield violation(text, urn)


#: KMS key usages that sign or authenticate and never encrypt: such a key protects no stored data (a DNSSEC key
#: signing key must even live in us-east-1).
_NO_DATA_KEY_USAGES = frozenset({"SIGN_VERIFY", "GENERATE_VERIFY_MAC"})


def _stored_outside(subject: Subject, ctx: Ctx) -> bool:
    if catalog.classify(subject.type).kind is not catalog.Kind.AT_REST:
        return False
    if subject.type == catalog.KMS_KEY and subject.props.get("keyUsage") in _NO_DATA_KEY_USAGES:
        return False
    verdict = effective_region(subject)
    return verdict.is_global or (verdict.region is not None and not ctx.in_zone(verdict.region))


def data_at_rest_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """At-rest resources (and unclassified types) outside the zone must hold only exempt data classes."""
    if subject.type == catalog.AWS_PROVIDER or not _stored_outside(subject, ctx):
        return
    lineage = effective_class(subject, ctx, MemoryResolver(ctx))
    if lineage.deferred:
        return  # a value its class depends on is unknown at preview: residency-data-lineage decides
    yield from _at_rest_finding(subject, ctx, lineage)


DATA_AT_REST = Rule(
    name="residency-data-at-rest",
    area=AREA,
    description="Resources that store data must store customer content in a region of the residency zone.",
    types=ALL_AWS,
    scope="resource",
    check=data_at_rest_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Deploy the resource in a region of the zone. Only data that is not customer content (for example "
        "billing or service metadata) may be stored elsewhere, and only when tagged with an exempt data class; "
        "parts, replicas and copies of a resource take its class."
    ),
)


def data_lineage_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Stored resources outside the zone whose class depends on values unknown at preview, decided by the stack."""
    resolver = StackResolver(index)
    for subject in index.subjects:
        if not catalog.is_aws_type(subject.type) or not _stored_outside(subject, ctx):
            continue
        if not effective_class(subject, ctx, MemoryResolver(ctx)).deferred:
            continue  # decided by residency-data-at-rest
        yield from _at_rest_finding(subject, ctx, effective_class(subject, ctx, resolver), subject.urn)


DATA_LINEAGE = Rule(
    name="residency-data-lineage",
    area=AREA,
    description="Parts, replicas and copies stored outside the residency zone must derive only from exempt data.",
    types=ALL_AWS,
    scope="stack",
    check=data_lineage_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Keep bucket configurations, log streams, secret versions, replicas and copies in the zone, or make "
        "sure the resource they belong to is tagged with an exempt data class."
    ),
)

# ------------------------------------------------------------------------------------------------------------
# residency-processing and residency-control-plane
# ------------------------------------------------------------------------------------------------------------


def processing_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Processing resources must run in the zone; data classes do not exempt them."""
    outside = _outside_zone(subject, ctx, catalog.Kind.PROCESSING)
    if outside:
        yield violation(f"Processes requests in {outside[0]} (from {outside[1]}), outside {ctx.zone_label}. "
                        f"Run it in a region of the zone; data-class tags do not exempt processing.")


PROCESSING = Rule(
    name="residency-processing",
    area=AREA,
    description="Resources that process data in transit must run in a region of the residency zone.",
    types=ALL_AWS,
    scope="resource",
    check=processing_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Deploy functions, containers, instances, APIs, load balancers and topics in a region of the "
                "zone.",
)


def control_plane_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Control-plane resources outside the zone hold no content, but their names and tags leave the zone."""
    outside = _outside_zone(subject, ctx, catalog.Kind.CONTROL)
    if outside:
        yield violation(f"Control-plane resource in {outside[0]} (from {outside[1]}), outside {ctx.zone_label}; "
                        "it holds no customer content, but its configuration and names leave the zone.")


CONTROL_PLANE = Rule(
    name="residency-control-plane",
    area=AREA,
    description="Regional control-plane resources should be deployed in a region of the residency zone.",
    types=ALL_AWS,
    scope="resource",
    check=control_plane_check,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation="Deploy security groups, alarms, WAF rules and other configuration next to what they configure.",
)

# ------------------------------------------------------------------------------------------------------------
# residency-opaque-resource
# ------------------------------------------------------------------------------------------------------------

#: Packages whose resources run where their provider points (a Kubernetes cluster): the side-door rules judge
#: the provider's configuration (an EKS endpoint carries its region).
PLACED_BY_PROVIDER = frozenset({"kubernetes", "helm"})
#: Types that run arbitrary code with the deployment's credentials.
OPAQUE_PACKAGES = frozenset({"pulumi-python", "pulumi-nodejs", "pulumi-go", "command"})
#: Multi-language component packages: their resources are components whose children (pulumi-aws resources) the
#: engine analyses one by one. Offline, a component that could not be expanded is reported by the runner
#: (``residency-offline-coverage``), not here.
COMPONENT_PACKAGES = frozenset({"awsx", "eks", "aws-apigateway", "synced-folder", "aws-static-website"})


def package_of(type_token: str) -> str:
    """``aws`` for ``aws:s3/bucket:Bucket``; ``kubernetes`` for ``pulumi:providers:kubernetes``."""
    if type_token.startswith("pulumi:providers:"):
        return type_token.removeprefix("pulumi:providers:")
    return type_token.split(":", 1)[0]


def opaque_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Resources the pack cannot see into must be reviewed and allowed by name or type."""
    package = package_of(subject.type)
    if package in ("aws", "pulumi") or subject.type.startswith("pulumi:providers:"):
        return
    if subject.provider is None:
        return  # a component: its children are judged one by one
    if package in LOCAL_PACKAGES or package in PLACED_BY_PROVIDER or package in COMPONENT_PACKAGES:
        return
    if ctx.opaque_allowed(subject):
        return
    allow = (f"If it was reviewed, allow it by name or type in `allowedOpaqueResources` "
             f"(for example {subject.type!r}).")
    if package in OPAQUE_PACKAGES:
        yield violation(f"{subject.type} runs code of its own with the deployment's credentials (a dynamic "
                        "provider or a command); it can create or send anything anywhere, and no rule can see "
                        f"where. Replace it with resources the pack can check. {allow}")
    else:
        yield undetermined(f"{subject.type} belongs to the {package!r} package, whose resources the pack cannot "
                           f"place in a region, so residency in {ctx.zone_label} cannot be checked. {allow}")


OPAQUE_RESOURCE = Rule(
    name="residency-opaque-resource",
    area=AREA,
    description="Resources the pack cannot see into (dynamic providers, commands, other clouds) must be reviewed "
                "and allowed.",
    types=EVERYTHING,
    scope="resource",
    check=opaque_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Use pulumi-aws resources the pack can check. A dynamic provider, command or other package that was "
        "reviewed can be allowed by resource name or type token in `allowedOpaqueResources`."
    ),
)

RULES = (REGION_DETERMINED, DATA_AT_REST, DATA_LINEAGE, PROCESSING, CONTROL_PLANE, OPAQUE_RESOURCE)
