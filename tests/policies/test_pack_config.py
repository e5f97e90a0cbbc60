"""Pack-wide settings: written once for every policy, and refused when two policies disagree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from policy_harness import Pack, single, to_struct
from pulumi.runtime.proto import analyzer_pb2

from residency import catalog as c
from residency import packconfig
from residency.config import ConfigError
from residency.policies import RULES

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "policy-config"


@pytest.mark.parametrize(
    ("file", "settings"),
    [
        ("fr-sovereign.json", {"zone": ["fr"], "supportedCountries": ["FR"]}),
        ("gb-public-sector.json", {"zone": ["gb"], "supportedCountries": ["GB"]}),
        ("eu-strict-undetermined-advisory.json", {"undeterminedIsMandatory": False}),
    ],
)
def test_the_shipped_examples_set_every_policy(file: str, settings: dict[str, object]) -> None:
    document = json.loads((EXAMPLES / file).read_text(encoding="utf-8"))
    assert document == packconfig.for_every_policy(settings)
    assert set(document) == {r.name for r in RULES}


def test_the_shipped_examples_configure_a_working_pack() -> None:
    french = json.loads((EXAMPLES / "fr-sovereign.json").read_text(encoding="utf-8"))
    pack = Pack(french["residency-data-at-rest"])
    assert pack.analyze(c.S3_BUCKET, {"bucket": "b"}) == []  # eu-west-3 is Paris
    d = single(pack.analyze(c.S3_BUCKET, {"bucket": "b", "region": "eu-central-1"}))
    assert "region of zone 'fr' (eu-west-3)" in d.message


def test_bad_settings_and_unknown_policies_are_refused() -> None:
    with pytest.raises(ConfigError, match="zone"):
        packconfig.for_every_policy({"zone": ["narnia"]})
    with pytest.raises(ConfigError, match="Unknown policy 'side-door-arn'"):
        packconfig.for_every_policy({}, {"side-door-arn": "advisory"})


def test_overrides_reach_every_policy() -> None:
    merged = packconfig.with_overrides({"side-door-destination": {"enforcementLevel": "advisory"}},
                                       packconfig.overrides_from(["fr"], ["FR"]))
    assert merged["side-door-destination"] == {"enforcementLevel": "advisory", "zone": ["fr"],
                                               "supportedCountries": ["FR"]}
    assert all(merged[r.name]["zone"] == ["fr"] for r in RULES)


def test_the_pack_refuses_policies_that_disagree_on_the_zone() -> None:
    pack = Pack()
    policy_config = {
        r.name: analyzer_pb2.PolicyConfig(
            enforcementLevel=analyzer_pb2.MANDATORY, properties=to_struct({"zone": "fr" if i % 2 else "eu"})
        )
        for i, r in enumerate(RULES)
    }
    pack.servicer.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=policy_config), None)
    with pytest.raises(ConfigError, match="pack-wide settings must be the same"):
        pack.analyze(c.S3_BUCKET, {"bucket": "b"})
