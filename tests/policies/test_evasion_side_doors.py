"""Side doors found while building the evasion corpus (tests/evasions), closed in the policies."""

from __future__ import annotations

from baselines import EU, baseline
from policy_harness import UNKNOWN, Pack, only, single

from residency import catalog as c


def test_dynamodb_witness_outside_the_zone_is_a_replica_region_violation(pack: Pack) -> None:
    props = baseline(c.DYNAMODB_TABLE, globalTableWitness={"regionName": "us-east-1"})
    d = single(only(pack.analyze(c.DYNAMODB_TABLE, props), "side-door-replica-region"))
    assert d.level == "mandatory"
    assert d.message == (
        f"`globalTableWitness.regionName` copies data to us-east-1 (United States), outside {EU}. "
        "Replicate only to regions of the zone."
    )


def test_dynamodb_witness_in_the_zone_passes(pack: Pack) -> None:
    props = baseline(c.DYNAMODB_TABLE, globalTableWitness={"regionName": "eu-west-1"})
    assert only(pack.analyze(c.DYNAMODB_TABLE, props), "side-door-replica-region") == []


def test_dynamodb_witness_unknown_is_undetermined(pack: Pack) -> None:
    props = baseline(c.DYNAMODB_TABLE, globalTableWitness={"regionName": UNKNOWN})
    d = single(only(pack.analyze(c.DYNAMODB_TABLE, props), "side-door-replica-region"))
    assert d.message.startswith("Undetermined: `globalTableWitness.regionName` is unknown during preview")
