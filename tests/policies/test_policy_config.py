"""Configuration through Configure: levels, zones, countries, undetermined routing and invalid values."""

from __future__ import annotations

import pytest
from baselines import baseline
from policy_harness import UNKNOWN, Pack, Res, only, provider, single

from residency import catalog as c
from residency.config import ConfigError


def test_enforcement_level_override_per_policy() -> None:
    pack = Pack(levels={"residency-data-at-rest": "advisory"})
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region="us-east-1")))
    assert (d.policy, d.level) == ("residency-data-at-rest", "advisory")
    pack.configure(levels={"residency-data-at-rest": "disabled"})
    assert pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region="us-east-1")) == []


def test_french_sovereign_zone() -> None:
    pack = Pack({"zone": "fr"})
    assert pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET)) == []  # eu-west-3 is Paris
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET), provider=provider("eu-central-1")))
    assert d.policy == "residency-data-at-rest"
    assert "eu-central-1 (Germany)" in d.message
    assert "zone 'fr' (eu-west-3)" in d.message
    d = single(only(pack.analyze(c.DYNAMODB_TABLE, baseline(c.DYNAMODB_TABLE)), "side-door-destination"))
    assert "eu-central-1 (Germany)" in d.message  # the replica in Frankfurt


def test_uk_public_sector_zone_and_countries() -> None:
    pack = Pack({"zone": ["gb"], "supportedCountries": ["GB"]})
    assert pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET), provider=provider("eu-west-2")) == []
    assert single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET))).policy == "residency-data-at-rest"
    cdn = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", baseline(c.CLOUDFRONT_DISTRIBUTION))  # whitelist FR, DE
    d = single(pack.analyze_stack([cdn]))
    assert "whitelists countries outside the supported ones" in d.message
    cdn.props["restrictions"]["geoRestriction"]["locations"] = ["GB"]
    assert pack.analyze_stack([cdn]) == []


def test_custom_data_class_tag_and_exemptions() -> None:
    pack = Pack({"dataClassTag": "classification", "exemptClasses": "telemetry"})
    props = baseline(c.S3_BUCKET, region="us-east-1", tags={"classification": "telemetry"})
    assert pack.analyze(c.S3_BUCKET, props) == []
    props["tags"] = {"classification": "billing"}  # no longer exempt
    assert single(pack.analyze(c.S3_BUCKET, props)).policy == "residency-data-at-rest"


def test_undetermined_is_advisory_when_configured() -> None:
    pack = Pack({"undeterminedIsMandatory": False})
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region=UNKNOWN)))
    assert (d.policy, d.level) == ("residency-undetermined", "advisory")
    assert d.message.startswith("Undetermined: The resource's `region` is unknown during preview")
    assert d.message.endswith("[residency-region-determined]")
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"deadLetterConfig": {"targetArn": UNKNOWN}})
    d = single(pack.analyze_stack([fn]))
    assert (d.policy, d.level, d.urn) == ("residency-undetermined-stack", "advisory", fn.urn)
    assert d.message.endswith("[side-door-references]")


def test_definite_violations_stay_mandatory_when_undetermined_is_advisory() -> None:
    pack = Pack({"undeterminedIsMandatory": False})
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region="us-east-1")))
    assert (d.policy, d.level) == ("residency-data-at-rest", "mandatory")


@pytest.mark.parametrize(
    ("config", "text"),
    [
        ({"zones": "eu"}, "unknown key 'zones', did you mean 'zone'?"),
        ({"supportedCountries": ["EEA", "UK"]}, "The ISO 3166-1 code of the United Kingdom is 'GB'."),
        ({"exemptClasses": ["billing", "customer-content"]}, "'customer-content' cannot be exempted"),
        ({"zone": "mars"}, "Zone 'mars' is not a country group"),
    ],
)
def test_invalid_config_fails_with_the_config_error_text(config: dict[str, object], text: str) -> None:
    # The SDK's Configure stores configuration without looking at it; the first Analyze validates it and the
    # ConfigError fails the call, which the engine reports with this text.
    pack = Pack(config)
    with pytest.raises(ConfigError) as raised:
        pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET))
    message = str(raised.value)
    assert message.startswith(
        "Invalid configuration in the configuration of policy 'residency-region-determined':"
    )
    assert text in message
    with pytest.raises(ConfigError):
        pack.analyze_stack([])
