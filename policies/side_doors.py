"""Side doors: data leaving the zone from resources that are themselves in the zone.

Three policies, one per kind of evidence:

``side-door-replica-region`` (resource)
    Properties whose value is a region that data is copied to (DynamoDB replicas and witnesses, Secrets
    Manager replicas, ECR and EFS replication, DLM and Image Builder cross-region copies, VPC and transit
    gateway peering, SSM data syncs, Incident Manager replication sets) must name regions of the zone; KMS
    multi-Region keys are refused because anyone allowed ``kms:ReplicateKey`` can copy them to any region
    outside this stack's control.
    Snapshot and AMI copies need nothing here: their *source* region may be anywhere, and the copy's own
    region is judged by the residency policies.
``side-door-arn`` (resource)
    Any ARN anywhere in the inputs (whole values, or ARNs inside JSON documents such as a state machine
    definition or an SQS redrive policy) must be in a region of the zone and in the zone's partition: this
    covers KMS keys of another region, replicas of RDS and Aurora, Backup copy actions, log subscription and
    Firehose destinations, Lambda dead-letter and async destinations, replica KMS keys and alarm actions.
    S3 bucket ARNs carry no region: a bucket analysed earlier in the same deployment is resolved, any other
    is undetermined (the stack policy decides it).
``side-door-references`` (stack)
    With the whole stack in view: an S3 bucket ARN must name a bucket of this stack whose region is in the
    zone, and a deciding value that is unknown at preview (an ARN, key id or region computed from another
    resource) is resolved through ``propertyDependencies`` to the resources it derives from.

Permissions are not side doors: IAM resources, policy documents and ``sourceArn`` of invoke permissions grant
access but move no data, so they are skipped (a grant to a foreign principal is an IAM review matter).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
)

from residency import catalog, model

from ._context import (
    ALL_AWS_TYPES,
    UNKNOWN,
    Arn,
    Ctx,
    Finding,
    Subject,
    arns_in,
    is_true,
    judge_region,
    known_bucket_region,
    leaves,
    select,
    undetermined,
    violation,
    where,
)
from ._registry import resource_policy, run_resource_check, run_stack_check, stack_policy
from ._stack import StackIndex

# ------------------------------------------------------------------------------------------------------------
# side-door-replica-region
# ------------------------------------------------------------------------------------------------------------

#: Properties whose value is a region that data is replicated, copied or routed to.
REGION_PROPERTIES: Final[Mapping[str, tuple[str, ...]]] = {
    # A Multi-Region Strong Consistency witness holds the table's replicated writes.
    catalog.DYNAMODB_TABLE: ("replicas[].regionName", "globalTableWitness.regionName"),
    catalog.DYNAMODB_GLOBAL_TABLE: ("replicas[].regionName",),
    catalog.SECRETSMANAGER_SECRET: ("replicas[].region",),
    catalog.ECR_REPLICATION: ("replicationConfiguration.rules[].destinations[].region",),
    catalog.EFS_REPLICATION: ("destination.region",),
    catalog.DLM_LIFECYCLE_POLICY: (
        "policyDetails.schedules[].crossRegionCopyRules[].target",
        "policyDetails.schedules[].crossRegionCopyRules[].targetRegion",
        "policyDetails.actions[].crossRegionCopies[].target",
    ),
    catalog.IMAGEBUILDER_DISTRIBUTION: ("distributions[].region",),
    catalog.EC2_VPC_PEERING: ("peerRegion",),
    catalog.TGW_PEERING: ("peerRegion",),
    catalog.SSM_RESOURCE_DATA_SYNC: ("s3Destination.region",),
    catalog.SSMINCIDENTS_REPLICATION_SET: ("regions[].name",),
}

REPLICA_REGION = "side-door-replica-region"


def replica_region_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Replica and copy regions must be in the zone; KMS keys must be single-Region."""
    for pattern in REGION_PROPERTIES.get(subject.type, ()):
        for path, value in select(subject.props, pattern):
            verdict = judge_region(value, f"`{path}`")
            if verdict.undetermined:
                yield undetermined(f"{verdict.undetermined}; data copied there could leave {ctx.zone_label}.")
            elif verdict.problem:
                yield violation(f"{verdict.problem}. Replicate only to regions of {ctx.zone_label}.")
            elif verdict.region and not ctx.in_zone(verdict.region):
                yield violation(f"`{path}` copies data to {where(verdict.region)}, outside {ctx.zone_label}. "
                                f"Replicate only to regions of the zone.")
    if subject.type == catalog.KMS_KEY:
        multi_region = subject.props.get("multiRegion")
        if multi_region is UNKNOWN:
            yield undetermined("`multiRegion` is unknown during preview; a multi-Region key can be "
                               "replicated to any region.")
        elif is_true(multi_region):
            yield violation(f"`multiRegion` is true: the key material can be replicated to regions outside "
                            f"{ctx.zone_label} by anyone allowed kms:ReplicateKey. Use a single-Region key.")


def side_door_replica_region_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report replicas, copies and peerings to regions outside the zone."""
    run_resource_check(args, report, REPLICA_REGION, replica_region_check)


side_door_replica_region = resource_policy(
    name=REPLICA_REGION,
    description="Replicas, cross-region copies and peerings must target regions of the residency zone.",
    validator=side_door_replica_region_validator,
    check=replica_region_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation="Remove replicas and copies to regions outside the zone, and use single-Region KMS keys.",
    resource_types=(*REGION_PROPERTIES, catalog.KMS_KEY),
)

# ------------------------------------------------------------------------------------------------------------
# side-door-arn
# ------------------------------------------------------------------------------------------------------------

#: Properties that grant access rather than send data (skipped by the ARN checks).
PERMISSION_KEYS: Final = frozenset({"sourceArn", "sourceAccount", "principal", "principalOrgId"})

#: Keys whose value is a policy document: ARNs there are grants, not destinations.
POLICY_DOCUMENT_KEYS: Final = frozenset(
    {"policy", "assumeRolePolicy", "accessPolicies", "redriveAllowPolicy", "policyDocument", "inlinePolicy"}
)

#: Modules whose resources only grant permissions.
PERMISSION_MODULES: Final = frozenset({"iam", "organizations", "ram", "ssoadmin"})

#: ARNs outside the zone a type must use: CloudFront only accepts certificates and web ACLs from us-east-1.
REQUIRED_FOREIGN_ARNS: Final[Mapping[str, frozenset[tuple[str, str]]]] = {
    catalog.CLOUDFRONT_DISTRIBUTION: frozenset({("acm", "us-east-1"), ("wafv2", "us-east-1")}),
}

#: Per type, properties that point at another resource without sending it data (the association of a web
#: ACL with an endpoint is judged by the exposure policies).
REFERENCE_ONLY_KEYS: Final[Mapping[str, frozenset[str]]] = {
    catalog.WAFV2_WEB_ACL_ASSOCIATION: frozenset({"resourceArn", "webAclArn"}),
}

#: Top-level outputs that name the resource itself (stack policies see outputs).
OWN_IDENTITY_KEYS: Final = frozenset({"arn", "id", "urn", "region"})


def _scanned(subject: Subject) -> bool:
    return catalog.is_aws_type(subject.type) and catalog.module_of(subject.type) not in PERMISSION_MODULES


def arn_leaves(subject: Subject) -> Iterator[tuple[str, str, object]]:
    """``(path, key, value)`` of every property the ARN checks look at."""
    reference_only = REFERENCE_ONLY_KEYS.get(subject.type, frozenset())
    for path, key, value in leaves(subject.props):
        if path in OWN_IDENTITY_KEYS or key in PERMISSION_KEYS or key in POLICY_DOCUMENT_KEYS:
            continue
        if key in reference_only:
            continue
        yield path, key, value


def _partition_text(partition: str) -> str:
    return f"partition {partition}" if partition in model.partitions() else "an unrecognised partition"


def judge_arn(arn: Arn, path: str, subject: Subject, ctx: Ctx) -> str | None:
    """What is wrong with a regional ARN (``None`` when it is fine or carries no region)."""
    if arn.partition not in ctx.partitions:
        return (f"`{path}` refers to a resource in {_partition_text(arn.partition)}, but {ctx.zone_label} "
                f"lies in {', '.join(sorted(ctx.partitions))}")
    if not arn.region:
        return None
    if not model.is_region(arn.region):
        return f"`{path}` holds an ARN whose region is not exactly a known AWS region"
    if ctx.in_zone(arn.region):
        return None
    if (arn.service, arn.region) in REQUIRED_FOREIGN_ARNS.get(subject.type, frozenset()):
        return None
    return f"`{path}` refers to a resource in {where(arn.region)}, outside {ctx.zone_label}"


ARN = "side-door-arn"


def arn_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Every ARN in the inputs must be in the zone (S3 buckets: seen in this deployment in the zone)."""
    if not _scanned(subject):
        return
    seen: set[tuple[str, str]] = set()
    for path, _key, value in arn_leaves(subject):
        if not isinstance(value, str):
            continue
        for arn in arns_in(value):
            problem = judge_arn(arn, path, subject, ctx)
            bucket = arn.s3_bucket
            if problem is None and bucket is not None and arn.partition in ctx.partitions:
                region = known_bucket_region(bucket)
                if region is None:
                    problem = (f"the S3 bucket at `{path}` cannot be checked against {ctx.zone_label}: "
                               "bucket ARNs carry no region and the bucket was not analysed earlier in "
                               "this deployment; the stack policy side-door-references decides it")
                    if (path, "?") not in seen:
                        seen.add((path, "?"))
                        yield undetermined(problem + ".")
                    continue
                if not ctx.in_zone(region):
                    problem = f"`{path}` names an S3 bucket in {where(region)}, outside {ctx.zone_label}"
            if problem and (path, problem) not in seen:
                seen.add((path, problem))
                yield violation(f"{problem}: data sent there leaves the zone. Point it at a resource in the "
                                "zone.")


def side_door_arn_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report ARNs of other regions and partitions in a resource's inputs."""
    run_resource_check(args, report, ARN, arn_check)


side_door_arn = resource_policy(
    name=ARN,
    description="Every ARN a resource sends data to must be in a region and partition of the residency zone.",
    validator=side_door_arn_validator,
    check=arn_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Use KMS keys, queues, topics, streams, log destinations, backup vaults and replication targets in a "
        "region of the zone; for S3 destinations use a bucket of the same stack in the zone."
    ),
    resource_types=(ALL_AWS_TYPES,),
)

# ------------------------------------------------------------------------------------------------------------
# side-door-references (stack)
# ------------------------------------------------------------------------------------------------------------

_DECIDING_SUFFIXES: Final = ("arn", "arns", "keyid", "region", "regionname")
_NOT_DECIDING_WORDS: Final = ("role", "policy", "certificate")


def deciding(path: str, key: str) -> bool:
    """Whether an unknown value at this property decides where data goes (an ARN, a key id, a region)."""
    lowered = key.lower()
    if any(word in lowered for word in _NOT_DECIDING_WORDS):
        return False
    return lowered.endswith(_DECIDING_SUFFIXES) or (lowered == "bucket" and "destination" in path.lower())


REFERENCES = "side-door-references"


def _top(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


def _unknown_finding(index: StackIndex, subject: Subject, path: str, ctx: Ctx) -> Finding | None:
    deps = index.dependencies(subject, _top(path))
    if not deps:
        return undetermined(f"`{path}` is unknown at preview and derives from nothing in this stack (another "
                            f"stack or a computed value), so {ctx.zone_label} cannot be checked.",
                            subject.urn)
    for dep in deps:
        verdict = index.region(dep)
        if verdict.region is not None and not ctx.in_zone(verdict.region):
            return violation(f"`{path}` derives from {dep.name!r} ({dep.type}) in {where(verdict.region)}, "
                             f"outside {ctx.zone_label}: data sent there leaves the zone.", subject.urn)
        if verdict.region is None and not verdict.is_global:
            return undetermined(f"`{path}` is unknown at preview and derives from {dep.name!r}, whose region "
                                "is "
                                f"not determined, so {ctx.zone_label} cannot be checked.", subject.urn)
    return None


def _bucket_finding(
    index: StackIndex, subject: Subject, path: str, bucket_name: str, ctx: Ctx
) -> Finding | None:
    bucket = index.buckets.get(bucket_name)
    if bucket is None:
        return violation(f"`{path}` names an S3 bucket that is not a bucket of this stack; bucket ARNs carry "
                         f"no region, so it cannot be shown to be in {ctx.zone_label}. Use a bucket of this "
                         "stack.",
                         subject.urn)
    verdict = index.region(bucket)
    if verdict.region is None:
        return undetermined(f"`{path}` names bucket {bucket.name!r} of this stack, whose region is not "
                            f"determined.", subject.urn)
    if not ctx.in_zone(verdict.region):
        return violation(f"`{path}` names bucket {bucket.name!r} in {where(verdict.region)}, outside "
                         f"{ctx.zone_label}: data sent there leaves the zone.", subject.urn)
    return None


def references_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Resolve S3 bucket ARNs and unknown deciding values through the stack."""
    for subject in index.subjects:
        if not _scanned(subject):
            continue
        for path, key, value in arn_leaves(subject):
            finding: Finding | None = None
            if value is UNKNOWN and deciding(path, key):
                finding = _unknown_finding(index, subject, path, ctx)
            elif isinstance(value, str):
                for arn in arns_in(value):
                    if arn.s3_bucket is not None and arn.partition in ctx.partitions:
                        finding = _bucket_finding(index, subject, path, arn.s3_bucket, ctx)
                        if finding:
                            break
            if finding:
                yield finding


def side_door_references_validator(args: StackValidationArgs, report: ReportViolation) -> None:
    """Report S3 destinations outside the stack or zone and unresolved unknown destinations."""
    run_stack_check(args, report, REFERENCES, references_check)


side_door_references = stack_policy(
    name=REFERENCES,
    description=(
        "S3 bucket destinations and destinations unknown at preview must resolve to resources of this stack "
        "in the residency zone."
    ),
    validator=side_door_references_validator,
    check=references_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Replicate and deliver to S3 buckets defined in this stack in a region of the zone, and build "
        "destination ARNs from resources of this stack rather than from values computed elsewhere."
    ),
    resource_types=(ALL_AWS_TYPES,),
)
