"""load_state over every real state file in tests/fixtures/pulumi-state, and over malformed input."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from residency.engine.records import OpaqueSecret, ResourceRecord, Secret, StackSnapshot
from residency.engine.state import MAX_STATE_BYTES, StateError, load_state, parse_state

#: Real state exports kept in the repository (tests/fixtures/pulumi-state/README.md says where each comes from).
STATES = Path(__file__).resolve().parents[1] / "fixtures" / "pulumi-state"

# file -> (project, stack, resources, ciphertext secrets, plaintext secrets, components) per SOURCES.md
EXPECTED = {
    "pulumi__pulumi__checkpoint-secrets.json": ("countdown", "foo", 30, 10, 0, 7),
    "pulumi__pulumi-eks__aws-profile-3.0.0.json": ("example-aws-profile", "test", 32, 0, 0, 5),
    "pulumi__pulumi-eks__encryption-provider-2.2.1.json": (
        "encryption-provider",
        "p-it-runner-encryption-65d0e42c",
        35,
        5,
        0,
        4,
    ),
    "pulumi__pulumi-eks__oidc-iam-sa-3.0.0.json": ("example-oidc-iam-sa", "test", 41, 0, 0, 5),
    "pulumi__pulumi-aws__bucket-5.42.0.json": ("test", "test", 3, 0, 0, 1),
    "pulumi__pulumi-aws__rds-instance-6.78.0.json": ("test", "test", 3, 0, 3, 1),
}


def markers(value: Any, found: list[object]) -> list[object]:
    if isinstance(value, Secret | OpaqueSecret):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            markers(item, found)
    elif isinstance(value, list):
        for item in value:
            markers(item, found)
    return found


def secrets_of(snapshot: StackSnapshot) -> list[object]:
    found: list[object] = []
    for record in snapshot.resources:
        markers(dict(record.inputs), found)
        markers(dict(record.outputs), found)
    return found


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in STATES.glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_loads_with_expected_counts(name: str) -> None:
    project, stack, count, ciphertexts, plaintexts, components = EXPECTED[name]
    snapshot = load_state(STATES / name)
    assert (snapshot.project, snapshot.stack, len(snapshot.resources)) == (project, stack, count)
    assert snapshot.source == "state"
    found = secrets_of(snapshot)
    assert sum(isinstance(s, OpaqueSecret) for s in found) == ciphertexts
    assert sum(isinstance(s, Secret) for s in found) == plaintexts
    assert sum(not r.custom for r in snapshot.resources) == components
    for record in snapshot.resources:
        assert record.name == record.urn.split("::", 3)[3]
        if record.provider_urn is not None:
            provider = snapshot.provider_of(record)
            assert provider is not None, f"{record.urn} has an unresolved provider"
            assert provider.id == record.provider_id
            assert provider.is_provider


def test_default_providers_resolve_per_version() -> None:
    snapshot = load_state(STATES / "pulumi__pulumi-eks__oidc-iam-sa-3.0.0.json")
    providers = {r.provider_urn for r in snapshot.resources if r.provider_urn and "providers:aws" in r.provider_urn}
    assert providers == {
        "urn:pulumi:test::example-oidc-iam-sa::pulumi:providers:aws::default_6_45_0",
        "urn:pulumi:test::example-oidc-iam-sa::pulumi:providers:aws::default_6_56_1",
    }
    for urn in providers:
        provider = snapshot.by_urn()[urn]
        assert provider.inputs["region"] == "us-west-2"


def test_explicit_provider_and_outputs() -> None:
    snapshot = load_state(STATES / "pulumi__pulumi-aws__bucket-5.42.0.json")
    stack, provider, bucket = snapshot.resources
    assert stack.type == "pulumi:pulumi:Stack"
    assert not stack.custom
    assert provider.urn == "urn:pulumi:test::test::pulumi:providers:aws::provider"
    assert provider.inputs == {"version": "5.42.0"}
    assert bucket.provider_urn == provider.urn
    assert bucket.provider_id == "3844c049-dd3a-4d9a-b4db-f476d1680642"
    assert bucket.parent_urn == stack.urn
    assert bucket.outputs["region"] == "us-west-2"
    assert bucket.inputs["__defaults"] == ["acl", "forceDestroy"]  # kept; the encoder skips it on the wire
    assert bucket.property_dependencies == {"bucket": ()}


def test_child_urns_and_dependencies() -> None:
    snapshot = load_state(STATES / "pulumi__pulumi-eks__aws-profile-3.0.0.json")
    role = next(r for r in snapshot.resources if "eks:index:ServiceRole$aws:iam/role:Role" in r.urn)
    assert role.parent_urn is not None
    assert "eks:index:ServiceRole" in role.parent_urn
    assert any(r.dependencies for r in snapshot.resources)
    assert any(r.ignore_changes for r in snapshot.resources)
    provider = snapshot.by_urn()["urn:pulumi:test::example-aws-profile::pulumi:providers:aws::aws-provider"]
    assert provider.additional_secret_outputs == ("accessKey", "secretKey", "token")
    assert provider.inputs["region"] == "us-west-2"


def test_plaintext_secrets_never_leak_into_repr() -> None:
    path = STATES / "pulumi__pulumi-aws__rds-instance-6.78.0.json"
    snapshot = load_state(path)
    plain = [s for s in secrets_of(snapshot) if isinstance(s, Secret)]
    assert Secret("REDACTED BY PROVIDERTEST") in plain
    assert Secret(None) in plain
    for record in snapshot.resources:
        assert "REDACTED BY PROVIDERTEST" not in repr(record)
        assert "REDACTED BY PROVIDERTEST" not in str(record)
    assert "REDACTED BY PROVIDERTEST" not in repr(snapshot)


def test_ciphertext_is_opaque() -> None:
    path = STATES / "pulumi__pulumi__checkpoint-secrets.json"
    ciphertexts: list[str] = []

    def collect(obj: dict[str, Any]) -> dict[str, Any]:
        if "ciphertext" in obj:
            ciphertexts.append(obj["ciphertext"])
        return obj

    json.loads(path.read_text(encoding="utf-8"), object_hook=collect)
    assert len(ciphertexts) == 10
    text = repr(load_state(path))
    assert not [c for c in ciphertexts if c in text]
    assert text.count("OpaqueSecret()") == 10


def test_checkpoint_without_a_deployment(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"version": 3, "checkpoint": {"stack": "org/shop/dev", "latest": None}}))
    snapshot = load_state(path)
    assert (snapshot.project, snapshot.stack, snapshot.resources) == ("shop", "dev", ())


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (STATES / "pulumi__pulumi-aws__bucket-5.42.0.json").read_bytes()

    class Stdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert len(load_state("-").resources) == 3


def test_pending_deletes_are_kept_but_marked() -> None:
    resources = [
        {
            "urn": "urn:pulumi:dev::shop::aws:sqs/queue:Queue::q",
            "type": "aws:sqs/queue:Queue",
            "custom": True,
            "delete": True,
            "id": "old",
        },
        {
            "urn": "urn:pulumi:dev::shop::aws:sqs/queue:Queue::q",
            "type": "aws:sqs/queue:Queue",
            "custom": True,
            "id": "new",
            "customTimeouts": {"create": 300},
        },
    ]
    snapshot = parse_state({"version": 3, "deployment": {"resources": resources}})
    old, new = snapshot.resources
    assert old.pending_delete
    assert not new.pending_delete
    assert snapshot.by_urn()[new.urn] is new
    assert new.custom_timeouts is not None
    assert new.custom_timeouts.create == 300.0


def write(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "state.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"is not JSON \(Expecting property name enclosed in double quotes at line 1, column 2\)"),
        (b"\xff\xfe{}", r"is not valid UTF-8 \(byte 0\)"),
        ("[]", "is not a Pulumi stack export or checkpoint"),
        ('{"version": 3}', "is not a Pulumi stack export or checkpoint"),
        ('{"deployment": {}}', "has no integer 'version'"),
        ('{"version": 1, "deployment": {}}', "uses state version 1; only versions 3 and 4 are supported"),
        ('{"version": 3, "deployment": []}', "has a 'deployment' that is not an object"),
        ('{"version": 3, "deployment": {"resources": {}}}', "resources that is not a list"),
        ('{"version": 3, "deployment": {"resources": [{"urn": 1}]}}', "resource #0 has no 'urn' and 'type' strings"),
        ('{"version": 3, "deployment": {"resources": [{"urn": "x", "type": "t"}]}}', "is not a Pulumi URN"),
        (
            '{"version": 3, "deployment": {"resources": [{"urn": "urn:pulumi:s::p::t::n", "type": "t",'
            ' "provider": "nope"}]}}',
            "'provider' that is not '<provider URN>::<provider ID>'",
        ),
        (
            '{"version": 3, "deployment": {"resources": [{"urn": "urn:pulumi:s::p::t::n", "type": "t",'
            ' "dependencies": "x"}]}}',
            "'dependencies' that is not a list of strings",
        ),
    ],
)
def test_malformed_input(tmp_path: Path, content: bytes | str, message: str) -> None:
    with pytest.raises(StateError, match=message):
        load_state(write(tmp_path, content))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StateError, match=r"Cannot read .*: No such file or directory"):
        load_state(tmp_path / "missing.json")
    with pytest.raises(StateError, match="is a directory"):
        load_state(tmp_path)


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(2048)  # sparse: the size is there without writing the bytes
    with pytest.raises(StateError, match="is 2,048 bytes, larger than the 1,024-byte limit"):
        load_state(path, max_bytes=1024)
    assert MAX_STATE_BYTES == 1024**3


def test_records_are_plain_resource_records() -> None:
    snapshot = load_state(STATES / "pulumi__pulumi-aws__bucket-5.42.0.json")
    assert all(isinstance(r, ResourceRecord) for r in snapshot.resources)
