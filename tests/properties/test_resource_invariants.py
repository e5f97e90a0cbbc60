"""Invariants of the resource policies (``Analyze``) over generated resources of every pulumi-aws type.

Every call goes through the engine-shaped harness: properties encoded in a protobuf Struct with the engine's
secret wrapper and unknown sentinel, the provider as an ``AnalyzerProviderResource``, and the SDK's analyzer
servicer; an exception from the servicer fails the test.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from invariant_strategies import (
    EXEMPT,
    KNOWN_REGIONS,
    ZONE_PARTITIONS,
    ZONES,
    any_types,
    assert_clean,
    aws_types,
    declared_class,
    effective_where,
    installed_types,
    kind_of,
    pack_for,
    providers,
    resource_props,
)
from policy_harness import UNKNOWN, Diag, Pack, Provider, Secret

from residency import catalog, model
from residency.policies import _rule

REGIONAL_TYPES = tuple(t for t in installed_types() if not catalog.is_global(t))
GLOBAL_AT_REST = tuple(
    t for t in installed_types() if catalog.is_global(t) and kind_of(t) is catalog.Kind.AT_REST
)
REGION_POLICY = {
    catalog.Kind.AT_REST: ("residency-data-at-rest", "mandatory"),
    catalog.Kind.PROCESSING: ("residency-processing", "mandatory"),
    catalog.Kind.CONTROL: ("residency-control-plane", "advisory"),
}
OUTSIDE_ZONE_POLICIES = frozenset(name for name, _ in REGION_POLICY.values())

def analyze(pack: Pack, type_token: str, props: Mapping[str, Any], provider: Provider | None) -> list[Diag]:
    """A fresh pack session (nothing remembered), one ``Analyze``, and the invariants every call keeps."""
    pack.runtime.memory.clear()
    diags = pack.analyze(type_token, props, name="subject", provider=provider)
    assert_clean(diags)
    return diags


zones = st.sampled_from(sorted(ZONES))


@given(type_token=any_types, data=st.data(), provider=providers(), zone=zones, mandatory=st.booleans())
def test_analyze_never_raises_nor_leaks(
    type_token: str, data: st.DataObject, provider: Provider | None, zone: str, mandatory: bool
) -> None:
    props = data.draw(resource_props(type_token))
    diags = analyze(pack_for(zone, mandatory), type_token, props, provider)
    undetermined = [d for d in diags if d.message.startswith(_rule.UNDETERMINED_PREFIX)]
    if mandatory:
        assert all(d.level == "mandatory" for d in undetermined), undetermined
    else:
        assert all(d.policy == "residency-undetermined" for d in undetermined), undetermined


@st.composite
def placed_region(draw: st.DrawFn, region: str) -> tuple[dict[str, Any], Provider | None, str]:
    """Put ``region`` where the effective region comes from: the resource's own input or its provider."""
    type_token = draw(st.one_of(st.sampled_from(REGIONAL_TYPES), aws_types))
    props = draw(resource_props(type_token))
    provider = draw(providers())
    wrap = draw(st.sampled_from([lambda v: v, Secret]))
    if provider is not None and draw(st.booleans()):
        props.pop("region", None)
        provider = Provider({**provider.props, "region": wrap(region)}, provider.name)
    else:
        props["region"] = wrap(region)
    return props, provider, type_token


@given(data=st.data(), zone=zones, mandatory=st.booleans())
def test_known_region_outside_the_zone_is_always_reported(data: st.DataObject, zone: str, mandatory: bool) -> None:
    region = data.draw(st.sampled_from(sorted(set(KNOWN_REGIONS) - ZONES[zone])), label="region")
    props, provider, type_token = data.draw(placed_region(region), label="resource")
    where = effective_where(type_token, props, provider)
    assume(where.state == "known")  # a global type (or a CLOUDFRONT-scoped WAF object) has no region
    assert where.region == region
    diags = analyze(pack_for(zone, mandatory), type_token, props, provider)
    kind = kind_of(type_token)
    data_class = declared_class(props, provider)
    if kind is catalog.Kind.AT_REST and data_class in EXEMPT:
        return  # the documented exemption; customer content is never exempt
    policy, level = REGION_POLICY[kind]
    if kind is catalog.Kind.AT_REST and data_class is None and not mandatory:
        policy, level = "residency-undetermined", "advisory"  # an unknown class is undetermined, never a pass
    found = [d for d in diags if d.policy == policy and d.level == level and region in d.message]
    assert found, (kind, data_class, diags)
    if kind is catalog.Kind.AT_REST:
        assert all(d.message.startswith("Undetermined") == (data_class is None) for d in found), diags


@given(data=st.data(), zone=zones)
def test_known_region_in_the_zone_is_never_reported_as_outside(data: st.DataObject, zone: str) -> None:
    region = data.draw(st.sampled_from(sorted(ZONES[zone])), label="region")
    props, provider, type_token = data.draw(placed_region(region), label="resource")
    assume(effective_where(type_token, props, provider).state == "known")
    diags = analyze(pack_for(zone, True), type_token, props, provider)
    assert [d for d in diags if d.policy in OUTSIDE_ZONE_POLICIES] == []
    assert [d for d in diags if d.policy == "residency-region-determined"] == []


@st.composite
def unknown_region(draw: st.DrawFn) -> tuple[dict[str, Any], Provider | None, str]:
    """A regional resource whose effective region is unknown: own region unknown, provider's unknown, none."""
    type_token = draw(st.sampled_from(REGIONAL_TYPES))
    props = draw(resource_props(type_token))
    provider = draw(providers())
    how = draw(st.sampled_from(["own", "provider", "no-provider"]))
    if how == "own":
        props["region"] = draw(st.sampled_from([UNKNOWN, Secret(UNKNOWN)]))
    elif how == "provider":
        props.pop("region", None)
        base = provider or Provider({"version": "7.51.1"})
        provider = Provider({**base.props, "region": UNKNOWN}, base.name)
    else:
        props.pop("region", None)
        provider = None
    return props, provider, type_token


@given(resource=unknown_region(), zone=zones, mandatory=st.booleans())
def test_unknown_region_is_never_silently_compliant(
    resource: tuple[dict[str, Any], Provider | None, str], zone: str, mandatory: bool
) -> None:
    props, provider, type_token = resource
    assume(effective_where(type_token, props, provider).state == "unknown")
    diags = analyze(pack_for(zone, mandatory), type_token, props, provider)
    policy = "residency-region-determined" if mandatory else "residency-undetermined"
    found = [d for d in diags if d.policy == policy and "Undetermined" in d.message and "region" in d.message]
    assert found, diags


@given(type_token=any_types, data=st.data(), provider=providers(), zone=zones)
def test_region_that_is_not_exactly_a_region_is_a_violation(
    type_token: str, data: st.DataObject, provider: Provider | None, zone: str
) -> None:
    props = data.draw(resource_props(type_token))
    assume(catalog.is_aws_type(type_token) or type_token == catalog.AWS_PROVIDER)
    where = effective_where(type_token, props, provider)
    diags = analyze(pack_for(zone, True), type_token, props, provider)
    determined = [d for d in diags if d.policy == "residency-region-determined"]
    if where.state == "bad":
        assert [d for d in determined if d.level == "mandatory" and "Undetermined" not in d.message], diags
    elif where.state in ("known", "global"):
        assert determined == []


@given(type_token=st.sampled_from(GLOBAL_AT_REST), data=st.data(), provider=providers(), zone=zones)
def test_global_storage_is_reported_unless_exempt(
    type_token: str, data: st.DataObject, provider: Provider | None, zone: str
) -> None:
    props = data.draw(resource_props(type_token))
    diags = analyze(pack_for(zone, True), type_token, props, provider)
    at_rest = [d for d in diags if d.policy == "residency-data-at-rest" and d.level == "mandatory"]
    assert bool(at_rest) != (declared_class(props, provider) in EXEMPT), diags


# ------------------------------------------------------------------------------------------------------------
# Side doors: replica regions and ARNs
# ------------------------------------------------------------------------------------------------------------

REPLICA_PATHS: dict[str, tuple[str, ...]] = {
    catalog.DYNAMODB_TABLE: ("replicas", "regionName"),
    catalog.DYNAMODB_GLOBAL_TABLE: ("replicas", "regionName"),
    catalog.SECRETSMANAGER_SECRET: ("replicas", "region"),
}


def _nest(path: tuple[str, ...], value: Any) -> Any:
    """``("replicas", "regionName")`` -> ``[{"regionName": value}]`` (the first step is a list)."""
    return [{path[1]: value}]


@given(
    type_token=st.sampled_from(sorted(REPLICA_PATHS)),
    region=st.sampled_from(KNOWN_REGIONS),
    others=st.lists(st.sampled_from(KNOWN_REGIONS), max_size=2),
    wrap=st.sampled_from([lambda v: v, Secret]),
    provider=providers(),
    zone=zones,
)
def test_replica_region_outside_the_zone_is_reported(
    type_token: str, region: str, others: list[str], wrap: Any, provider: Provider | None, zone: str
) -> None:
    key = REPLICA_PATHS[type_token]
    replicas = [{key[1]: wrap(r)} for r in [*others, region]]
    props = {key[0]: replicas}
    diags = analyze(pack_for(zone, True), type_token, props, provider)
    reported = [d for d in diags if d.policy == "side-door-destination" and d.level == "mandatory"]
    # Replicas hold the table's (or secret's) data: an exempt class may be copied outside, nothing else may.
    outside = [r for r in [*others, region] if r not in ZONES[zone]]
    if declared_class(props, provider) in EXEMPT:
        outside = []
    own = provider.props.get("region") if provider is not None else None
    if not (isinstance(own, str) and own in ZONES[zone]):
        # A resource that does not stand in the zone is the at-rest and region rules' finding, not a side door.
        if outside:
            assert any(d.level == "mandatory" for d in diags), diags
        return
    assert bool(reported) == bool(outside), diags
    for r in outside:
        assert any(r in d.message for d in reported), (r, reported)


#: Where an ARN can sit in a resource's inputs without being a permission, a policy or the resource's own id.
ARN_PLACES: tuple[tuple[str, ...], ...] = (
    ("kmsKeyArn",),
    ("destinationArn",),
    ("deadLetterConfig", "targetArn"),
    ("environment", "variables", "QUEUE"),
    ("destinationConfig", "onFailure", "destination"),
    ("settings", "nested", "deep", "targetArn"),
)
SCANNED_TYPES = tuple(
    t for t in installed_types()
    if catalog.module_of(t) != "iam"  # IAM grants move no data (the non-flow table)
    and t not in ("aws:route53/zone:Zone", "aws:acm/certificate:Certificate", catalog.WAFV2_WEB_ACL_ASSOCIATION)
)


def _place(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    tree: Any = value
    for step in reversed(path):
        tree = {step: tree}
    assert isinstance(tree, dict)
    return tree


@given(
    type_token=st.sampled_from(SCANNED_TYPES),
    place=st.sampled_from(ARN_PLACES),
    partition=st.sampled_from(sorted(model.partitions())),
    region=st.sampled_from(KNOWN_REGIONS),
    service=st.sampled_from(["sqs", "kms", "kinesis", "sns", "backup", "rds", "lambda"]),
    secret=st.booleans(),
    embed=st.booleans(),
    zone=zones,
)
def test_arn_outside_the_zone_or_partition_is_reported(
    type_token: str, place: tuple[str, ...], partition: str, region: str, service: str, secret: bool,
    embed: bool, zone: str,
) -> None:
    arn = f"arn:{partition}:{service}:{region}:123456789012:thing"
    value: Any = f'{{"Target": "{arn}"}}' if embed else arn
    props = _place(place, Secret(value) if secret else value)
    props["region"] = "eu-west-3" if "eu-west-3" in ZONES[zone] else sorted(ZONES[zone])[0]
    diags = analyze(pack_for(zone, True), type_token, props, None)
    reported = [d for d in diags if d.policy == "side-door-destination" and d.level == "mandatory"]
    in_zone = partition in ZONE_PARTITIONS[zone] and region in ZONES[zone]
    assert bool(reported) != in_zone, diags
