"""Invariants of the stack policies (``AnalyzeStack``) over generated stacks.

Stacks mix random resources of every type with the resources the stack policies resolve (buckets, replication
rules, endpoints, web ACLs and their associations), linked by random ``propertyDependencies`` (some dangling),
through the SDK's analyzer servicer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from invariant_strategies import (
    KNOWN_REGIONS,
    ZONES,
    any_types,
    assert_clean,
    pack_for,
    providers,
    resource_props,
)
from policy_harness import UNKNOWN, Diag, Pack, Res, Secret, provider, urn_of

from residency import catalog, model
from residency.policies import _rule

#: Types the stack policies look at, sampled more often in generated stacks.
STACK_TYPES = (
    catalog.S3_BUCKET, catalog.S3_BUCKET_V2, catalog.S3_REPLICATION, catalog.APIGW_STAGE, catalog.APIGW_REST_API,
    catalog.LB_LOAD_BALANCER, catalog.ALB_LOAD_BALANCER, catalog.APPSYNC_GRAPHQL_API,
    catalog.CLOUDFRONT_DISTRIBUTION, catalog.WAFV2_WEB_ACL, catalog.WAFV2_WEB_ACL_ASSOCIATION,
    catalog.FIREHOSE_DELIVERY_STREAM, catalog.LAMBDA_FUNCTION,
)
names = st.one_of(
    st.sampled_from(["data", "replica", "api", "acl", "x", "prod-eu", "innocent"]),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_.0123456789", min_size=1, max_size=10),
)
zones = st.sampled_from(sorted(ZONES))


def analyze_stack(pack: Pack, resources: list[Res]) -> list[Diag]:
    """A fresh pack session: ``Analyze`` for each resource in order, then ``AnalyzeStack``, as the engine does.

    Each resource is analysed with its outputs as inputs (what these tests build), which is what ``pulumi up``
    sends once dependencies exist.
    """
    pack.runtime.memory.clear()
    diags: list[Diag] = []
    for resource in resources:
        found = pack.analyze(resource.type, resource.props, name=resource.name, provider=resource.provider)
        diags += [replace(d, urn=resource.urn) for d in found]
    diags += pack.analyze_stack(resources)
    assert_clean(diags)
    return diags


@st.composite
def stacks(draw: st.DrawFn) -> list[Res]:
    """One to seven resources with unique URNs and random property dependencies between them."""
    count = draw(st.integers(1, 7))
    chosen = draw(st.lists(names, min_size=count, max_size=count, unique=True))
    resources: list[Res] = []
    for name in chosen:
        type_token = draw(st.one_of(st.sampled_from(STACK_TYPES), any_types))
        resources.append(Res(type_token, name, draw(resource_props(type_token)), draw(providers())))
    urns = [r.urn for r in resources] + ["urn:pulumi:other::proj::aws:s3/bucket:Bucket::elsewhere"]
    for resource in resources:
        keys = [k for k in resource.props if isinstance(k, str)] + ["restApi", "webAclArn", "resourceArn"]
        resource.property_dependencies = draw(
            st.dictionaries(st.sampled_from(keys), st.lists(st.sampled_from(urns), max_size=2), max_size=2)
        )
    return resources


#: The region of the harness's default provider, where resources without their own provider stand.
HOME = "eu-west-3"


@given(resources=stacks(), zone=zones, mandatory=st.booleans())
def test_analyze_stack_never_raises_nor_leaks(resources: list[Res], zone: str, mandatory: bool) -> None:
    diags = analyze_stack(pack_for(zone, mandatory), resources)
    urns = {r.urn for r in resources}
    for d in diags:
        assert d.urn in urns, d  # every stack finding names a resource of the stack
    undetermined = [d for d in diags if d.message.startswith(_rule.UNDETERMINED_PREFIX)]
    if mandatory:
        assert all(d.level == "mandatory" for d in undetermined), undetermined
    else:
        routing = {"residency-undetermined", "residency-undetermined-stack"}
        assert all(d.policy in routing and d.level == "advisory" for d in undetermined), undetermined


# ------------------------------------------------------------------------------------------------------------
# S3 destinations resolve through the stack
# ------------------------------------------------------------------------------------------------------------

DESTINATIONS = (
    (catalog.S3_REPLICATION, ("rules", "destination", "bucket")),
    (catalog.FIREHOSE_DELIVERY_STREAM, ("extendedS3Configuration", "bucketArn")),
)


def _destination_props(place: tuple[str, ...], arn: Any) -> dict[str, Any]:
    if place[0] == "rules":
        return {"role": "arn:aws:iam::123456789012:role/r", "rules": [{"id": "r", place[1]: {place[2]: arn}}]}
    return {"destination": "extended_s3", place[0]: {place[1]: arn}}


@given(
    destination=st.sampled_from(DESTINATIONS),
    bucket_name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=3, max_size=20),
    bucket_region=st.one_of(st.sampled_from(KNOWN_REGIONS), st.none()),
    own_region=st.booleans(),
    in_stack=st.booleans(),
    secret=st.booleans(),
    noise=st.lists(st.sampled_from(STACK_TYPES), max_size=3),
    zone=zones,
)
def test_s3_destination_outside_the_zone_or_the_stack_is_reported(
    destination: tuple[str, tuple[str, ...]], bucket_name: str, bucket_region: str | None, own_region: bool,
    in_stack: bool, secret: bool, noise: list[str], zone: str,
) -> None:
    type_token, place = destination
    arn = f"arn:aws:s3:::{bucket_name}"
    source = Res(type_token, "sender", _destination_props(place, Secret(arn) if secret else arn))
    resources = [source, *(Res(t, f"noise{i}", {}) for i, t in enumerate(noise))]
    if in_stack:
        region = bucket_region or "eu-west-3"
        bucket = (Res(catalog.S3_BUCKET, "target", {"bucket": bucket_name, "region": region}) if own_region
                  else Res(catalog.S3_BUCKET, "target", {"bucket": bucket_name}, provider=provider(region)))
        resources.insert(0, bucket)  # the engine analyses a resource before anything that depends on it
    diags = analyze_stack(pack_for(zone, True), resources)
    if HOME not in ZONES[zone]:
        # The sender itself stands outside the zone: the at-rest and region rules' finding, not a side door.
        assert any(d.level == "mandatory" and d.urn == source.urn for d in diags), diags
        return
    reported = [d for d in diags if d.policy.startswith("side-door-") and d.urn == source.urn]
    outside = not in_stack or (bucket_region or "eu-west-3") not in ZONES[zone]
    assert bool(reported) == outside, diags
    assert all(d.level == "mandatory" for d in reported)


@given(
    region=st.sampled_from(KNOWN_REGIONS),
    place=st.sampled_from([(catalog.LOG_GROUP, "kmsKeyId"), (catalog.LAMBDA_FUNCTION, "kmsKeyArn"),
                           (catalog.LOG_SUBSCRIPTION_FILTER, "destinationArn"), ("aws:kms/alias:Alias", "targetKeyId"),
                           ("aws:cloudwatch/eventTarget:EventTarget", "arn")]),
    zone=zones,
)
def test_unknown_deciding_value_resolves_through_its_dependency(
    region: str, place: tuple[str, str], zone: str
) -> None:
    type_token, prop = place
    dependency = Res(catalog.KMS_KEY, "key", {"multiRegion": False}, provider=provider(region))
    dependent = Res(type_token, "dependent", {prop: UNKNOWN, "retentionInDays": 7},
                    property_dependencies={prop: [dependency.urn]})
    orphan = Res(type_token, "orphan", {prop: UNKNOWN, "retentionInDays": 7})
    diags = analyze_stack(pack_for(zone, True), [dependency, dependent, orphan])
    if HOME not in ZONES[zone]:
        # Both stand outside the zone: the at-rest, processing or control-plane rules' finding, not a side door.
        assert all(any(d.urn == r.urn for d in diags) for r in (dependent, orphan)), diags
        return
    on_dependent = [d for d in diags if d.policy == "side-door-references" and d.urn == dependent.urn]
    assert bool(on_dependent) == (region not in ZONES[zone]), diags
    on_orphan = [d for d in diags if d.policy == "side-door-references" and d.urn == orphan.urn]
    assert on_orphan, diags
    assert all("Undetermined" in d.message for d in on_orphan), diags


# ------------------------------------------------------------------------------------------------------------
# Exposure: geo restriction with case and whitespace tricks in country codes
# ------------------------------------------------------------------------------------------------------------

OUTSIDE_EEA = sorted(model.iso_countries() - model.COUNTRY_GROUPS["EEA"])
spellings = st.sampled_from([str.upper, str.lower, lambda c: f" {c}", lambda c: f"{c} ", lambda c: c.title()])


@st.composite
def leaky_web_acls(draw: st.DrawFn) -> dict[str, Any]:
    """A web ACL that lets some country outside the EEA through, however its codes are spelled."""
    foreign = draw(st.sampled_from(OUTSIDE_EEA))
    spell = draw(spellings)
    allowed = [spell(c) for c in draw(st.lists(st.sampled_from(["FR", "DE", "IE"]), max_size=2))]
    codes = draw(st.permutations([*allowed, spell(foreign)]))
    geo = {"geoMatchStatement": {"countryCodes": codes}}
    allow_rule = {"name": "geo", "priority": 1, "action": {"allow": {}}, "statement": geo}
    kind = draw(st.sampled_from(["allow-default", "geo-allow", "block-too-late", "partial-block", "not-geo"]))
    if kind == "allow-default":
        return {"scope": "REGIONAL", "defaultAction": {"allow": {}}, "rules": []}
    if kind == "geo-allow":
        return {"scope": "REGIONAL", "defaultAction": {"block": {}}, "rules": [allow_rule]}
    if kind == "block-too-late":
        block = {"name": "b", "priority": 5, "action": {"block": {}},
                 "statement": {"notStatement": {"statement": {"geoMatchStatement": {"countryCodes": ["FR"]}}}}}
        open_rule = {"name": "open", "priority": 2, "action": {"allow": {}}, "statement": {"byteMatchStatement": {}}}
        return {"scope": "REGIONAL", "defaultAction": {"allow": {}}, "rules": [block, open_rule]}
    if kind == "not-geo":  # blocks everything but the listed countries, one of which is foreign
        block = {"name": "b", "priority": 1, "action": {"block": {}},
                 "statement": {"notStatement": {"statement": geo}}}
        return {"scope": "REGIONAL", "defaultAction": {"allow": {}}, "rules": [block]}
    blocked = [c for c in OUTSIDE_EEA if c != foreign]
    block = {"name": "b", "priority": 1, "action": {"block": {}},
             "statement": {"geoMatchStatement": {"countryCodes": [spell(c) for c in blocked]}}}
    return {"scope": "REGIONAL", "defaultAction": {"allow": {}}, "rules": [block]}


#: How an internet-facing endpoint can say so: explicitly, as a provider-style string, or by default.
FACING: tuple[dict[str, Any], ...] = ({"internal": False}, {"internal": "false"}, {})


@given(acl=leaky_web_acls(), endpoint=st.sampled_from([catalog.LB_LOAD_BALANCER, catalog.APPSYNC_GRAPHQL_API]),
       by_dependency=st.booleans(), facing=st.sampled_from(FACING))
def test_web_acl_that_lets_a_foreign_country_through_is_reported(
    acl: dict[str, Any], endpoint: str, by_dependency: bool, facing: dict[str, Any]
) -> None:
    acl_arn = "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/acl/1"
    endpoint_arn = f"arn:aws:elasticloadbalancing:eu-west-3:123456789012:loadbalancer/app/{endpoint[-5:]}/1"
    target = Res(endpoint, "endpoint", {**facing, "arn": endpoint_arn})
    web_acl = Res(catalog.WAFV2_WEB_ACL, "acl", {**acl, "arn": acl_arn})
    association = (
        Res(catalog.WAFV2_WEB_ACL_ASSOCIATION, "assoc", {"resourceArn": UNKNOWN, "webAclArn": UNKNOWN},
            property_dependencies={"resourceArn": [target.urn], "webAclArn": [web_acl.urn]})
        if by_dependency else
        Res(catalog.WAFV2_WEB_ACL_ASSOCIATION, "assoc", {"resourceArn": endpoint_arn, "webAclArn": acl_arn})
    )
    diags = analyze_stack(Pack(), [target, web_acl, association])
    found = [d for d in diags if d.policy == "exposure-geo-restriction" and d.urn == urn_of(endpoint, "endpoint")]
    assert found, diags
    assert all(d.level == "mandatory" for d in found), diags


@given(foreign=st.sampled_from(OUTSIDE_EEA), spell=spellings,
       kind=st.sampled_from(["whitelist", "blacklist", "none", "Whitelist"]))
def test_cloudfront_serving_a_foreign_country_is_reported(foreign: str, spell: Any, kind: str) -> None:
    locations = [spell(c) for c in ("FR", foreign)] if kind != "blacklist" else [spell(foreign)]
    distribution = Res(catalog.CLOUDFRONT_DISTRIBUTION, "cdn", {
        "enabled": True,
        "restrictions": {"geoRestriction": {"restrictionType": kind, "locations": locations}},
    }, provider=None)
    diags = analyze_stack(Pack(), [distribution])
    assert [d for d in diags if d.policy == "exposure-geo-restriction" and d.urn == distribution.urn], diags
