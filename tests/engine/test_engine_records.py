"""URN helpers and the value markers of residency.engine.records."""

from __future__ import annotations

import copy
import pickle

import pytest

from residency.engine.records import (
    UNKNOWN,
    OpaqueSecret,
    ResourceRecord,
    Secret,
    StackSnapshot,
    make_urn,
    package_of,
    root_stack_urn,
    urn_name,
    urn_project,
    urn_qualified_type,
    urn_stack,
    urn_type,
)

ROOT = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"


def test_top_level_urn_leaves_the_root_stack_out() -> None:
    assert make_urn("dev", "shop", ROOT, "aws:s3/bucket:Bucket", "b") == "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::b"
    assert make_urn("dev", "shop", None, "pulumi:providers:aws", "default_7_51_1") == (
        "urn:pulumi:dev::shop::pulumi:providers:aws::default_7_51_1"
    )


def test_child_urn_carries_the_whole_parent_chain() -> None:
    outer = make_urn("dev", "shop", ROOT, "my:index:Outer", "o")
    inner = make_urn("dev", "shop", outer, "my:index:Inner", "o-i")
    leaf = make_urn("dev", "shop", inner, "aws:sqs/queue:Queue", "o-i-q")
    assert leaf == "urn:pulumi:dev::shop::my:index:Outer$my:index:Inner$aws:sqs/queue:Queue::o-i-q"
    assert urn_type(leaf) == "aws:sqs/queue:Queue"
    assert urn_qualified_type(leaf) == "my:index:Outer$my:index:Inner$aws:sqs/queue:Queue"


def test_urn_parts() -> None:
    urn = "urn:pulumi:prod::shop::aws:s3/bucket:Bucket::a::b"
    assert (urn_stack(urn), urn_project(urn), urn_name(urn)) == ("prod", "shop", "a::b")
    assert root_stack_urn("dev", "shop") == ROOT
    with pytest.raises(ValueError, match="not a Pulumi URN"):
        urn_name("arn:aws:s3:::bucket")
    with pytest.raises(ValueError, match="expected urn:pulumi"):
        urn_name("urn:pulumi:dev::shop")


def test_package_of() -> None:
    assert package_of("aws:s3/bucket:Bucket") == "aws"
    assert package_of("pulumi:providers:aws") == "aws"
    assert package_of("pulumi:pulumi:Stack") == "pulumi"


def test_secret_never_shows_its_value() -> None:
    secret = Secret({"password": "hunter2"})
    record = ResourceRecord(urn="u", type="t", name="n", custom=True, inputs={"p": secret}, outputs={"p": secret})
    assert "hunter2" not in repr(secret)
    assert "hunter2" not in str(secret)
    assert "hunter2" not in repr(record)
    assert "hunter2" not in f"{record}"
    assert secret == Secret({"password": "hunter2"})
    assert secret != Secret("other")
    assert OpaqueSecret() == OpaqueSecret()


def test_unknown_is_a_singleton_that_survives_copies() -> None:
    assert copy.deepcopy(UNKNOWN) is UNKNOWN
    assert pickle.loads(pickle.dumps({"v": UNKNOWN}))["v"] is UNKNOWN
    assert repr(UNKNOWN) == "UNKNOWN"


def test_snapshot_lookups() -> None:
    provider = ResourceRecord(
        urn="urn:pulumi:dev::shop::pulumi:providers:aws::eu", type="pulumi:providers:aws", name="eu", custom=True
    )
    stale = ResourceRecord(
        urn="urn:pulumi:dev::shop::aws:sqs/queue:Queue::q",
        type="aws:sqs/queue:Queue",
        name="q",
        custom=True,
        pending_delete=True,
    )
    live = ResourceRecord(urn=stale.urn, type=stale.type, name="q", custom=True, provider_urn=provider.urn)
    snapshot = StackSnapshot(project="shop", stack="dev", resources=(provider, stale, live))
    assert snapshot.root_urn == ROOT
    assert snapshot.by_urn()[live.urn] is live
    assert snapshot.provider_of(live) is provider
    assert snapshot.provider_of(provider) is None
    assert len(snapshot) == 3
    assert provider.is_provider
    assert not live.is_provider
