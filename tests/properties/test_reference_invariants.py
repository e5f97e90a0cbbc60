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
