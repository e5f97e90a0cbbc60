"""Side doors: data leaving the zone from resources that are themselves in the zone.

``side-door-destination`` (resource)
    Every reference in a resource's inputs (:mod:`._flow`: ARNs, AWS hostnames and URLs, PrivateLink names, S3
    buckets, region names, external hosts, inference profiles) must point at a place in the zone, unless the
    data that flows there is of an exempt class (the flow carries the class of the resource it comes from:
    processing resources always carry customer content). Decided with values known at ``Analyze``; a value
    unknown at preview is left to the stack rule.
``side-door-references`` (stack)
    With the whole stack in view: every value unknown at preview is resolved through ``propertyDependencies``
    to the resources it derives from; a value that derives from a resource outside the zone is a violation,
    from another stack, a lookup or a place the pack cannot see, undetermined. Flows whose data class depended
    on an unknown value are decided here too.
``side-door-multi-region`` (resource, advisory by default)
    Multi-Region primitives (multi-Region KMS keys, Aurora, DocumentDB and Neptune global clusters, ElastiCache
    global datastores, DynamoDB global tables, DSQL and MemoryDB multi-Region clusters) let another stack add a
    copy in any region without this stack changing. Copies defined in this stack are judged by the rules
    above; this rule reports the primitive itself, at one configurable level for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog, model

from ._flow import Reference, Verdict, place_of, scan, scanned, stack_scan, unknowns
from ._lineage import Lineage, MemoryResolver, Resolver, effective_class, links_of
from ._places import Ctx, RegionVerdict, effective_region, where
from ._refs import lineage_of
from ._rule import ALL_AWS, Finding, Rule, Types, undetermined, violation
from ._stack import StackIndex, StackResolver
from ._values import UNKNOWN, Subject, is_true

AREA = "side-door"

#: Kubernetes providers: their kubeconfig points at a cluster (an EKS endpoint names its region).
KUBERNETES_PROVIDER = "pulumi:providers:kubernetes"

_LEAVES = "data sent there leaves the zone"
_FIX = "Point it at a resource in the zone, or list an external destination with its country in the pack " \
       "configuration (`externalDestinations`)."


def _flows_looked_at(subject: Subject) -> bool:
    return scanned(subject) or subject.type in (KUBERNETES_PROVIDER, catalog.AWS_PROVIDER)


def _stands_in_zone(verdict: RegionVerdict, ctx: Ctx) -> bool:
    """Whether a resource's flows are side doors: it stands in the zone, is global, or its region is unknown.

    A resource that itself stands outside the zone is reported by the residency rules; what it sends to its own
    surroundings is not a second finding.
    """
    return verdict.region is None or ctx.in_zone(verdict.region)


def flow_class(subject: Subject, ctx: Ctx, resolver: Resolver) -> Lineage:
    """The class of the data a resource sends: a stored resource's own (lineage included), else customer content.

    Processing resources pass on whatever their callers send: their tags cannot exempt a flow.
    """
    at_rest = catalog.classify(subject.type).kind is catalog.Kind.AT_REST
    if at_rest or links_of(subject.type):
        return effective_class(subject, ctx, resolver)
    return Lineage(model.CUSTOMER_CONTENT)


def _judge(refs: Iterator[Reference], subject: Subject, ctx: Ctx, resolver: Resolver,
           urn: str | None) -> Iterator[tuple[Finding, bool]]:
    """Findings for known references, each with whether it needed the flow's class (deferred if unknown)."""
    lineage: Lineage | None = None
    seen: set[str] = set()
    for ref in refs:
        verdict: Verdict = place_of(ref, subject, ctx)
        if verdict.outcome == "ok" or verdict.message in seen:
            continue
        seen.add(verdict.message)
        if verdict.outcome == "out":
            if lineage is None:
                lineage = flow_class(subject, ctx, resolver)
            if lineage.deferred:
                yield violation("", urn), True
                continue
            if ctx.exempt(lineage.data_class):
                continue
            yield violation(f"{verdict.message}: {_LEAVES}. {_FIX}", urn), False
        elif verdict.outcome == "bad":
            yield violation(f"{verdict.message}. {_FIX}", urn), False
        else:
            yield undetermined(f"{verdict.message}, so it cannot be shown to stay in {ctx.zone_label}.", urn), False


# ------------------------------------------------------------------------------------------------------------
# side-door-destination
# ------------------------------------------------------------------------------------------------------------


def destination_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Every known reference in the inputs must point into the zone (or carry only exempt data)."""
    if not _flows_looked_at(subject) or not _stands_in_zone(effective_region(subject), ctx):
        return
    # In message order: the order of the properties differs between a state file and the engine's Struct.
    found = scan(subject)
    ctx.memory.note_scan(subject.urn, found)
    judged = _judge(iter(found.references), subject, ctx, MemoryResolver(ctx), None)
    yield from sorted((finding for finding, deferred in judged if not deferred), key=lambda f: f.message)


DESTINATION = Rule(
    name="side-door-destination",
    area=AREA,
    description="Every place a resource sends data to (ARNs, endpoints, buckets, regions, hosts, models) must be "
                "in the residency zone.",
    types=Types(frozenset({KUBERNETES_PROVIDER, catalog.AWS_PROVIDER}), all_aws=True),
    scope="resource",
    check=destination_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Use KMS keys, queues, topics, streams, log destinations, backup vaults, buckets, endpoints and "
        "replication targets in a region of the zone; list outside destinations (a monitoring SaaS in the EU, "
        "a bucket of another stack) with their country or region in `externalDestinations`."
    ),
)

# ------------------------------------------------------------------------------------------------------------
# side-door-references (stack)
# ------------------------------------------------------------------------------------------------------------


def _dependency_finding(
    index: StackIndex, subject: Subject, path: str, ctx: Ctx, resolver: Resolver
) -> Finding | None:
    for dep in lineage_of(index, subject, path):
        if isinstance(dep, str):
            return undetermined(f"`{path}` is unknown at preview and {dep}, so {ctx.zone_label} cannot be checked.",
                                subject.urn)
        if catalog.classify(dep.type).kind is catalog.Kind.CONTROL:
            continue  # a value taken from configuration (a VPC, a certificate, a role): no data goes there
        verdict = index.region(dep)
        if verdict.is_global:
            continue
        if verdict.region is None:
            return undetermined(f"`{path}` is unknown at preview and derives from {dep.name!r}, whose region is not "
                                f"determined, so {ctx.zone_label} cannot be checked.", subject.urn)
        if not ctx.in_zone(verdict.region):
            if ctx.exempt(flow_class(subject, ctx, resolver).data_class):
                continue
            return violation(f"`{path}` derives from {dep.name!r} ({dep.type}) in {where(verdict.region)}, outside "
                             f"{ctx.zone_label}: {_LEAVES}. {_FIX}", subject.urn)
    return None


def references_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Resolve values unknown at preview through the stack, and decide flows whose class depended on them."""
    resolver = StackResolver(index)
    for subject in index.subjects:
        if not _flows_looked_at(subject) or not _stands_in_zone(index.region(subject), ctx):
            continue
        found = stack_scan(subject, ctx.memory.scan_of(subject.urn))
        for path in unknowns(subject, found, ctx.memory.by_urn(subject.urn)):
            finding = _dependency_finding(index, subject, path, ctx, resolver)
            if finding is not None:
                yield finding
        refs = found.references
        deferred = [f for f, needs_class in _judge(iter(refs), subject, ctx, MemoryResolver(ctx), None) if needs_class]
        if deferred:
            # In message order, whatever the order of the properties (a state file's or the engine's).
            judged = _judge(iter(refs), subject, ctx, resolver, subject.urn)
            yield from sorted((f for f, _ in judged if not f.undetermined and f.message), key=lambda f: f.message)


REFERENCES = Rule(
    name="side-door-references",
    area=AREA,
    description="Destinations unknown at preview must resolve to resources of this stack in the residency zone.",
    types=Types(frozenset({KUBERNETES_PROVIDER}), all_aws=True),
    scope="stack",
    check=references_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation=(
        "Build destinations from resources of this stack in the zone rather than from values computed elsewhere "
        "(other stacks' outputs, lookups); list deliberate outside destinations in `externalDestinations`."
    ),
)

# ------------------------------------------------------------------------------------------------------------
# side-door-multi-region
# ------------------------------------------------------------------------------------------------------------

#: Types that are multi-Region primitives by existing.
GLOBAL_PRIMITIVES = frozenset({
    catalog.RDS_GLOBAL_CLUSTER,
    "aws:docdb/globalCluster:GlobalCluster",
    "aws:neptune/globalCluster:GlobalCluster",
    "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    catalog.DYNAMODB_GLOBAL_TABLE,
    "aws:memorydb/multiRegionCluster:MultiRegionCluster",
})
#: Types that are multi-Region primitives when a property says so: (type, property, what it means).
FLAGGED_PRIMITIVES = {
    catalog.KMS_KEY: "multiRegion",
    "aws:kms/externalKey:ExternalKey": "multiRegion",
    catalog.DYNAMODB_TABLE: "replicas",
    "aws:dsql/cluster:Cluster": "multiRegionProperties",
    # Members of a global primitive: they join a group that other stacks can extend to any region.
    catalog.RDS_CLUSTER: "globalClusterIdentifier",
    "aws:docdb/cluster:Cluster": "globalClusterIdentifier",
    "aws:neptune/cluster:Cluster": "globalClusterIdentifier",
    "aws:elasticache/replicationGroup:ReplicationGroup": "globalReplicationGroupId",
    "aws:memorydb/cluster:Cluster": "multiRegionClusterName",
}


def multi_region_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Report multi-Region primitives: they let copies be added outside this stack's control."""
    what = ("It is a multi-Region primitive: another stack, or anyone allowed to, can add a copy in a region "
            f"outside {ctx.zone_label} without this stack changing. Copies defined in this stack are checked by "
            "the other rules.")
    if subject.type in GLOBAL_PRIMITIVES:
        yield violation(what)
        return
    prop = FLAGGED_PRIMITIVES.get(subject.type)
    if prop is None:
        return
    value = subject.props.get(prop)
    if value is UNKNOWN:
        yield undetermined(f"`{prop}` is unknown at preview; it decides whether this is a multi-Region primitive.")
    elif is_true(value) or (isinstance(value, list | dict | str) and len(value) > 0 and value != "false"):
        yield violation(f"`{prop}` makes it multi-Region. {what}")


MULTI_REGION = Rule(
    name="side-door-multi-region",
    area=AREA,
    description="Multi-Region primitives let copies be added outside the zone by other stacks.",
    types=Types(frozenset(GLOBAL_PRIMITIVES | set(FLAGGED_PRIMITIVES))),
    scope="resource",
    check=multi_region_check,
    level=EnforcementLevel.ADVISORY,
    severity=Severity.HIGH,
    remediation="Use single-Region keys, clusters and tables, or restrict who may add replicas (key policies, "
                "SCPs), and set this rule to mandatory where that is not enough.",
)

RULES = (DESTINATION, REFERENCES, MULTI_REGION)

__all__ = ["ALL_AWS", "RULES"]
