"""A reference of each kind, placed in any string input of any pulumi-aws type, is judged by where it points.

For every kind of reference the data-flow model knows (an ARN, an AWS endpoint URL, a PrivateLink service
name, a region name in text, an S3 bucket of this deployment, a host outside AWS listed in the configuration,
a cross-Region inference profile), the property is: ``side-door-destination`` reports it (mandatory) exactly
when it points outside the zone. The oracle below decides "outside" from independent tables (the zones' region
sets written out in ``invariant_strategies``), not from the pack's code.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from invariant_strategies import KNOWN_REGIONS, ZONES, assert_clean, installed_types
from policy_harness import Pack, provider

from residency import aws, schema
from residency.policies._flow import non_flow, region_property_kind

#: Countries of the zones above (for hosts outside AWS): the zone "eu" means every EU member state.
ZONE_COUNTRIES = {
    "eu": {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
           "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"},
    "fr": {"FR"},
    "eu-central-1,eu-west-1": {"DE", "IE"},
}
#: Where a geographic inference profile may route (the Bedrock user guide), for the oracle.
PROFILE_REGIONS = {
    "eu": {"eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"},
    "us": {"us-east-1", "us-east-2", "us-west-1", "us-west-2"},
}
#: Whole types the non-flow table leaves out.
SKIPPED_MODULES = ("aws:iam/",)


def _inputs(type_token: str) -> list[str]:
    facts = schema.facts(type_token)
    if facts is None:
        return []
    return sorted(
        name for name in facts.inputs
        if region_property_kind(name) is None and name not in ("tags", "tagsAll")
        # Neither the property nor what is nested in it (`corsConfiguration.*`) is a non-flow.
        and not non_flow(type_token, name) and not non_flow(type_token, f"{name}.inner[0].setting")
    )


PLACES = [(t, key) for t in sorted(installed_types()) if not t.startswith(SKIPPED_MODULES) for key in _inputs(t)]
KINDS = ("arn", "url", "privatelink", "region-text", "bucket", "external", "profile")


def _reference(kind: str, region: str, country: str, geography: str) -> str:
    partition = aws.partition_of(region) or "aws"
    suffix = aws.dns_suffix(partition)
    if kind == "arn":
        return f"arn:{partition}:sqs:{region}:123456789012:queue"
    if kind == "url":
        return f"https://sqs.{region}.{suffix}/123456789012/queue"
    if kind == "privatelink":
        return f"com.amazonaws.{region}.s3"
    if kind == "region-text":
        return f"aws s3 sync /data s3-target --region {region} --quiet"
    if kind == "bucket":
        return "s3://residency-probe-bucket/exports/"
    if kind == "external":
        return f"https://ingest-{country.lower()}.probe.example/v1?key=abc"
    return f"{geography}.anthropic.claude-3-5-sonnet-20240620-v1:0"


def _outside(kind: str, region: str, country: str, geography: str, zone: str) -> bool:
    if kind == "external":
        return country not in ZONE_COUNTRIES[zone]
    if kind == "profile":
        return not PROFILE_REGIONS[geography] <= ZONES[zone]
    return region not in ZONES[zone]


_PACKS: dict[tuple[str, str], Pack] = {}


def _pack(zone: str, country: str) -> Pack:
    key = (zone, country)
    if key not in _PACKS:
        _PACKS[key] = Pack({"zone": zone, "externalDestinations": [{"host": "*.probe.example", "country": country}]})
    return _PACKS[key]


@given(
    place=st.sampled_from(PLACES),
    kind=st.sampled_from(KINDS),
    region=st.sampled_from(KNOWN_REGIONS),
    country=st.sampled_from(["FR", "DE", "IE", "NL", "US", "GB", "CH", "JP"]),
    geography=st.sampled_from(sorted(PROFILE_REGIONS)),
    zone=st.sampled_from(sorted(ZONES)),
    nested=st.booleans(),
)
def test_a_reference_is_reported_exactly_when_it_points_outside_the_zone(
    place: tuple[str, str], kind: str, region: str, country: str, geography: str, zone: str, nested: bool
) -> None:
    type_token, key = place
    assume(not (kind == "bucket" and aws.partition_of(region) not in ("aws", "aws-eusc")))
    pack = _pack(zone, "DE" if kind != "external" else country)
    pack.runtime.memory.clear()
    home = "eu-west-3" if "eu-west-3" in ZONES[zone] else sorted(ZONES[zone])[0]
    if kind == "bucket":
        # A bucket of this deployment, analysed first (the engine analyses dependencies first).
        pack.analyze("aws:s3/bucket:Bucket", {"bucket": "residency-probe-bucket", "region": region},
                     name="probe", provider=provider(home))
    value: Any = _reference(kind, region, country, geography)
    if nested:
        value = {"inner": [{"setting": value}]}  # the same reference deeper in an object input
    diags = pack.analyze(type_token, {key: value, "region": home}, name="subject", provider=provider(home))
    assert_clean(diags)
    reported = [d for d in diags if d.policy == "side-door-destination" and d.level == "mandatory"]
    assert bool(reported) == _outside(kind, region, country, geography, zone), (kind, region, zone, diags)


# ------------------------------------------------------------------------------------------------------------
# The scan's fast path skips only text in which no scanner can find anything
# ------------------------------------------------------------------------------------------------------------

_KEYS = st.sampled_from(["bucket", "Bucket", "s3BucketName", "region", "destinationRegion", "awsRegion",
                         "endpoint", "host", "url", "value", "name", "environment", "userData", "targetArn",
                         "regionName", "supportedRegions", "serverHostname", "location"])


#: Pieces of references with and without the characters the fast path looks for.
_PIECES = st.sampled_from([
    "arn:aws:sqs:us-east-1:123456789012:q", "arnawssqsuseast1", "us-east-1", "us_east_1", "useast1", "EU-WEST-1",
    "eu west 1", "s3://bucket/key", "s3//bucket", "https://example.com/x", "https//example", "example.com",
    "com.amazonaws.us-east-1.s3", "comamazonawsuseast1s3", "us.anthropic.claude-v2", "usanthropicclaude",
    "global", "offline-lookup-4c1d", "offlinelookup4c1d", "mybucket", "@", "/", " ", "{", "}", '"', "[", "]",
])
_TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=6).map("".join))


@given(text=_TEXT, key=st.one_of(_KEYS, st.text(max_size=30)))
def test_text_the_scan_skips_holds_no_reference(text: str, key: str) -> None:
    """``_may_refer`` is false only where the scanners find nothing (so skipping the scan changes nothing)."""
    from residency.policies._flow import _bare_host_refs, _may_refer, _string_refs
    from residency.policies._values import Subject

    subject = Subject("aws:sqs/queue:Queue", "q", "urn:pulumi:s::p::aws:sqs/queue:Queue::q", {})
    found = [*_string_refs(subject, "p", key, text), *_bare_host_refs("p", key, text)]
    if not _may_refer(text, key):
        assert found == []


@given(word=st.sampled_from(["mybucket", "euwest1", "EUWEST1", "logs", "prod", "data"]),
       key=st.sampled_from(["bucket", "Bucket", "targetBucket", "region", "destinationRegion", "regions"]))
def test_a_key_alone_can_make_plain_text_a_reference(word: str, key: str) -> None:
    """Plain words under a bucket- or region-valued key are scanned (they may be a bucket or a loose region)."""
    from residency.policies._flow import _may_refer

    assert _may_refer(word, key)


# ------------------------------------------------------------------------------------------------------------
# The stack pass reuses what Analyze found only when it would find the same
# ------------------------------------------------------------------------------------------------------------

_SCANNED_TYPES = st.sampled_from(["aws:lambda/function:Function", "aws:sns/topicSubscription:TopicSubscription",
                                  "aws:cloudwatch/eventTarget:EventTarget", "aws:s3/bucket:Bucket",
                                  "aws:ecs/taskDefinition:TaskDefinition", "aws:sqs/queue:Queue"])
_VALUES = st.recursive(
    st.one_of(_TEXT, st.booleans(), st.integers(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "url", "region"]),
                                                                         inner, max_size=3)),
    max_leaves=6,
)


@given(data=st.data(), type_token=_SCANNED_TYPES)
def test_the_stack_pass_gets_what_a_fresh_scan_finds(data: st.DataObject, type_token: str) -> None:
    """Whatever Analyze scanned, the stack pass gets the references and unknown values a fresh scan of its
    outputs would find."""
    from collections import Counter

    from residency.policies._flow import scan, stack_scan
    from residency.policies._values import UNKNOWN, Subject

    facts = schema.facts(type_token)
    assert facts is not None
    names = st.sampled_from([*sorted(facts.inputs), "arn", "id", "notAnInput"])
    values = st.one_of(_VALUES, st.just(UNKNOWN), st.lists(st.one_of(_VALUES, st.just(UNKNOWN)), max_size=2))
    analyzed_props = data.draw(st.dictionaries(names, values, max_size=4))
    outputs = dict(analyzed_props) if data.draw(st.booleans()) else {}
    outputs.update(data.draw(st.dictionaries(names, values, max_size=3)))
    urn = f"urn:pulumi:s::p::{type_token}::r"
    analyzed = Subject(type_token, "r", urn, analyzed_props)
    subject = Subject(type_token, "r", urn, outputs)
    reused = stack_scan(subject, scan(analyzed))
    fresh = scan(subject, outputs=True)
    assert Counter(reused.references) == Counter(fresh.references)
    assert sorted(reused.unknown) == sorted(fresh.unknown)
