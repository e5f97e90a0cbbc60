"""The pulumi-aws schema table the pack reads: current for the pinned pulumi-aws, and every region-named
property classified by the data-flow model."""

from __future__ import annotations

import json
from importlib import metadata

import pytest

from residency import schema
from residency.policies._flow import REGION_PROPERTIES, region_property_kind


def test_the_table_was_generated_from_the_installed_pulumi_aws() -> None:
    # constraints/test.txt pins pulumi-aws; moving the pin means regenerating: python -m residency.schema --write
    assert schema.generated_for() == metadata.version("pulumi-aws")


@pytest.mark.parametrize("module", ["s3", "dynamodb", "dlm", "kms"])
def test_regenerating_a_module_gives_the_same_facts(module: str) -> None:
    fresh = schema.generate(frozenset({module}))["types"]
    stored = json.loads(schema.DATA_FILE.read_text(encoding="utf-8"))["types"]
    assert fresh
    assert {t: stored[t] for t in fresh} == fresh


def test_facts_of_known_types() -> None:
    bucket = schema.facts("aws:s3/bucket:Bucket")
    assert bucket is not None
    assert bucket.tagged
    assert bucket.regional
    assert "bucket" in bucket.inputs
    target = schema.facts("aws:cloudwatch/eventTarget:EventTarget")
    assert target is not None
    assert "arn" in target.inputs  # the destination of an event target is its `arn` input
    queue = schema.facts("aws:sqs/queue:Queue")
    assert queue is not None
    assert "arn" not in queue.inputs  # a queue's arn is its own computed output
    assert schema.facts("aws:nothing/none:None") is None


def test_every_property_whose_name_mentions_a_region_is_classified() -> None:
    names = {
        path.rsplit(".", 1)[-1].replace("[]", "")
        for facts in (schema.facts(t) for t in schema.known_types())
        if facts is not None
        for path in facts.region_paths
    }
    assert names, "the table lists region-named properties"
    unclassified = sorted(names - set(REGION_PROPERTIES))
    assert unclassified == [], "classify these in policies/_flow.py REGION_PROPERTIES"
    assert region_property_kind("replicaRegion") == "destination"  # a new name is a destination (fail closed)
    assert region_property_kind("bucket") is None
