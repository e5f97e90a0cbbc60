"""ResidentTable: DynamoDB with an in-region CMK, point-in-time recovery and replicas only in the zone."""

from __future__ import annotations

import pytest

from residency.components import ComponentArgumentError, PinnedProvider, ResidentKey, ResidentTable

TABLE = "aws:dynamodb/table:Table"


def build(replicas: tuple[tuple[str, str], ...] = (), **table_args):
    """A Paris table; ``replicas`` = ((region, zone of that region's provider), ...)."""

    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3", "zone": "eu"})
        key = ResidentKey("paris", {"provider": pinned})
        replica_keys = [
            ResidentKey(f"replica{i}", {"provider": PinnedProvider(f"replica{i}", {"region": r, "zone": z})})
            for i, (r, z) in enumerate(replicas)
        ]
        extra = {"replica_keys": replica_keys} if replica_keys else {}
        ResidentTable("sessions", {"provider": pinned, "key": key, "hash_key": "pk", **extra, **table_args})

    return program


def test_table_settings(program) -> None:
    recording = program(build(range_key="sk", range_key_type="N", ttl_attribute="expiresAt"))
    table = recording.one(TABLE)
    assert table.name == "sessions-table"
    assert recording.provider_region(table) == "eu-west-3"
    key = recording.one("aws:kms/key:Key").state["arn"]
    assert key.startswith("arn:aws:kms:eu-west-3:")
    assert table.inputs["serverSideEncryption"] == {"enabled": True, "kmsKeyArn": key}
    assert table.inputs["pointInTimeRecovery"] == {"enabled": True}
    assert table.inputs["billingMode"] == "PAY_PER_REQUEST"
    assert table.inputs["deletionProtectionEnabled"] is True
    assert table.inputs["hashKey"] == "pk"
    assert table.inputs["rangeKey"] == "sk"
    assert table.inputs["attributes"] == [{"name": "pk", "type": "S"}, {"name": "sk", "type": "N"}]
    assert table.inputs["ttl"] == {"enabled": True, "attributeName": "expiresAt"}
    assert "replicas" not in table.inputs
    assert "streamEnabled" not in table.inputs
    assert table.inputs["tags"] == {"data-class": "customer-content"}
    assert recording.one("residency:components:ResidentTable").outputs == {
        "table_name": "sessions-table",
        "table_arn": "arn:aws:dynamodb:eu-west-3:123456789012:table/sessions-table",
        "replica_regions": [],
        "region": "eu-west-3",
    }


def test_replicas_inside_the_zone_each_with_its_own_key(program) -> None:
    recording = program(build(replicas=(("eu-west-1", "eu"), ("eu-central-1", "eu"))))
    table = recording.one(TABLE)
    keys = {k.name: k.state["arn"] for k in recording.of_type("aws:kms/key:Key")}
    assert table.inputs["replicas"] == [
        {
            "regionName": "eu-central-1",
            "kmsKeyArn": keys["replica1-key"],
            "pointInTimeRecovery": True,
            "propagateTags": True,
        },
        {
            "regionName": "eu-west-1",
            "kmsKeyArn": keys["replica0-key"],
            "pointInTimeRecovery": True,
            "propagateTags": True,
        },
    ]
    assert keys["replica1-key"].startswith("arn:aws:kms:eu-central-1:")
    assert keys["replica0-key"].startswith("arn:aws:kms:eu-west-1:")
    assert table.inputs["streamEnabled"] is True
    assert table.inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"
    outputs = recording.one("residency:components:ResidentTable").outputs
    assert outputs["replica_regions"] == ["eu-central-1", "eu-west-1"]


@pytest.mark.parametrize(
    ("replicas", "message"),
    [
        (
            (("eu-west-2", "gb"),),
            "ResidentTable 'sessions': replica_keys: region 'eu-west-2' is outside the residency zone 'eu'",
        ),
        (
            (("eu-west-1", "eu"), ("eu-central-2", "ch")),
            "region 'eu-central-2' is outside the residency zone",
        ),
        ((("eu-west-3", "eu"),), "a replica must be in another region of the zone than 'eu-west-3'"),
        ((("eu-west-1", "eu"), ("eu-west-1", "eu")), "region 'eu-west-1' is named twice"),
    ],
)
def test_replicas_outside_the_zone_are_refused(refused, replicas, message: str) -> None:
    error, recording = refused(build(replicas=replicas))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert recording.of_type(TABLE) == []
    assert recording.of_type("residency:components:ResidentTable") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"hash_key": "bad key"}, "hash_key: 'bad key' is not an attribute name"),
        ({"hash_key_type": "X"}, "hash_key_type: 'X' is not a key type"),
        ({"range_key_type": "N"}, "range_key_type: given without range_key."),
    ],
)
def test_bad_keys_are_refused(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert message in str(error)
    assert recording.of_type(TABLE) == []
