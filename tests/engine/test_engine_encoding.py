"""Property encoding: what a policy pack receives in a Struct, exactly as the engine marshals it."""

from __future__ import annotations

import pytest
from google.protobuf import json_format, struct_pb2

from residency.engine.records import UNKNOWN, OpaqueSecret, Secret
from residency.engine.wire import (
    ARCHIVE_SIG,
    ASSET_SIG,
    OUTPUT_VALUE_SIG,
    RESOURCE_SIG,
    SECRET_SIG,
    SIG_KEY,
    UNKNOWN_STRING,
    decode_value,
    from_struct,
    to_struct,
)


def as_dict(struct: struct_pb2.Struct) -> dict[str, object]:
    return json_format.MessageToDict(struct)


def test_secret_is_wrapped_with_the_signature() -> None:
    struct = to_struct({"password": Secret("hunter2")})
    assert as_dict(struct) == {"password": {SIG_KEY: SECRET_SIG, "value": "hunter2"}}


def test_secret_keys_are_the_engine_constants() -> None:
    assert SIG_KEY == "4dabf18193072939515e22adb298388d"
    assert SECRET_SIG == "1b47061264138c4ac30d75fd1eb44270"
    assert UNKNOWN_STRING == "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def test_opaque_secret_carries_no_value_only_an_unknown() -> None:
    assert as_dict(to_struct({"token": OpaqueSecret()})) == {"token": {SIG_KEY: SECRET_SIG, "value": UNKNOWN_STRING}}


def test_unknown_is_the_unknown_string() -> None:
    assert as_dict(to_struct({"arn": UNKNOWN, "list": [UNKNOWN]})) == {"arn": UNKNOWN_STRING, "list": [UNKNOWN_STRING]}


def test_numbers_become_doubles_and_bools_stay_bools() -> None:
    struct = to_struct({"count": 3, "ratio": 0.5, "enabled": True, "none": None})
    assert struct["count"] == 3.0
    assert isinstance(struct["count"], float)
    assert struct["enabled"] is True
    assert struct.fields["enabled"].WhichOneof("kind") == "bool_value"
    assert struct.fields["count"].WhichOneof("kind") == "number_value"
    assert struct.fields["none"].WhichOneof("kind") == "null_value"


def test_nested_values_and_secrets_inside_lists() -> None:
    props = {"rules": [{"copyActions": [{"destinationVaultArn": Secret("arn:aws:backup:us-east-1:1:vault")}]}]}
    assert as_dict(to_struct(props)) == {
        "rules": [
            {
                "copyActions": [
                    {"destinationVaultArn": {SIG_KEY: SECRET_SIG, "value": "arn:aws:backup:us-east-1:1:vault"}}
                ]
            }
        ]
    }
    assert from_struct(to_struct(props)) == props


def test_only_top_level_internal_keys_are_skipped() -> None:
    # The engine's MarshalProperties (SkipInternalKeys) drops top-level "__" keys only: a nested __defaults,
    # as the bridge writes into nested objects, reaches the pack.
    props = {"__defaults": ["acl"], "acl": "private", "nested": {"__defaults": [], "x": 1}}
    assert as_dict(to_struct(props)) == {"acl": "private", "nested": {"__defaults": [], "x": 1.0}}
    assert "__defaults" in as_dict(to_struct(props, skip_internal_keys=False))


def test_unreadable_state_values_travel_as_unknown_not_as_a_crash() -> None:
    # State files carry values protobuf cannot send (a non-UTF-8 string as lone surrogates) and signatures
    # this tool does not know: both become unknown, so the pack decides "undetermined", never crashes.
    decoded = decode_value({"a": {SIG_KEY: "0000000000000000000000000000beef", "value": "AAE="}, "b": "ok\udc80"})
    assert decoded["a"] is UNKNOWN
    assert as_dict(to_struct(decoded)) == {"a": UNKNOWN_STRING, "b": UNKNOWN_STRING}
    assert as_dict(to_struct({"n": float("nan"), "i": float("-inf")})) == {"n": UNKNOWN_STRING, "i": UNKNOWN_STRING}


def test_assets_and_archives_pass_through_as_dicts() -> None:
    archive = {
        SIG_KEY: ARCHIVE_SIG,
        "assets": {"index.js": {SIG_KEY: ASSET_SIG, "text": "exports.handler = 1", "hash": "abc"}},
    }
    assert as_dict(to_struct({"code": archive})) == {"code": archive}


def test_round_trip_keeps_markers() -> None:
    props = {"s": Secret({"k": [1.0, UNKNOWN]}), "u": UNKNOWN, "plain": "x"}
    decoded = from_struct(to_struct(props))
    assert decoded["u"] is UNKNOWN
    assert decoded == props


def test_decode_state_and_sdk_forms() -> None:
    assert isinstance(decode_value({SIG_KEY: SECRET_SIG, "ciphertext": "v1:abc"}), OpaqueSecret)
    assert decode_value({SIG_KEY: SECRET_SIG, "plaintext": '{"a": 1}'}) == Secret({"a": 1})
    ref = {SIG_KEY: RESOURCE_SIG, "urn": "urn:pulumi:s::p::aws:kms/key:Key::k", "id": "key-1"}
    assert decode_value(ref) == "key-1"
    assert decode_value({SIG_KEY: RESOURCE_SIG, "urn": "urn:pulumi:s::p::my:index:C::c"}) == (
        "urn:pulumi:s::p::my:index:C::c"
    )
    assert decode_value({SIG_KEY: OUTPUT_VALUE_SIG, "value": "v", "secret": True}) == Secret("v")
    assert decode_value({SIG_KEY: OUTPUT_VALUE_SIG}) is UNKNOWN


def test_unencodable_values_are_refused() -> None:
    with pytest.raises(TypeError, match="Cannot encode a object"):
        to_struct({"x": object()})
