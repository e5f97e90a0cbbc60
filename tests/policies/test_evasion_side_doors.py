"""Side doors found while building the evasion corpus (tests/evasions), closed in the policies."""

from __future__ import annotations

from baselines import EU, baseline
from policy_harness import UNKNOWN, Pack, Res, only, single

from residency import catalog as c


def test_dynamodb_witness_outside_the_zone_is_a_destination_violation(pack: Pack) -> None:
    props = baseline(c.DYNAMODB_TABLE, globalTableWitness={"regionName": "us-east-1"})
    d = single(only(pack.analyze(c.DYNAMODB_TABLE, props), "side-door-destination"))
    assert d.level == "mandatory"
    assert d.message.startswith(
        f"`globalTableWitness.regionName` names the region us-east-1 (United States), outside {EU}: data sent "
        "there leaves the zone."
    )


def test_dynamodb_witness_in_the_zone_passes(pack: Pack) -> None:
    props = baseline(c.DYNAMODB_TABLE, globalTableWitness={"regionName": "eu-west-1"})
    assert only(pack.analyze(c.DYNAMODB_TABLE, props), "side-door-destination") == []


def test_dynamodb_witness_unknown_is_undetermined(pack: Pack) -> None:
    props = baseline(c.DYNAMODB_TABLE, globalTableWitness={"regionName": UNKNOWN})
    # Unknown at Analyze: the stack rule resolves it through propertyDependencies (here: none).
    assert only(pack.analyze(c.DYNAMODB_TABLE, props), "side-door-destination") == []
    d = single(only(pack.analyze_stack([Res(c.DYNAMODB_TABLE, "t", props)]), "side-door-references"))
    assert d.message.startswith("Undetermined: `globalTableWitness.regionName` is unknown at preview")
