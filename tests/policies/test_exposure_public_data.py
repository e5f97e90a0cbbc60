"""exposure-public-data: resource policies, ACLs, S3 website hosting and sharing that open data to everyone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from policy_harness import UNKNOWN, Pack, Res, only, single, urn_of

from residency import catalog as c

POLICY = "exposure-public-data"
PUBLIC_STATEMENT = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}
PUBLIC_MESSAGE = (
    "`policy` statement #0 allows everyone (`Principal` \"*\") with no condition limiting it to your accounts, "
    "organisation, networks or source resources, so anyone can use this resource from any country. Name the "
    "principals, or add such a condition."
)


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def found(pack: Pack, type_token: str, props: dict[str, Any], *others: Res) -> list[Any]:
    """The findings on one resource of a stack (``AnalyzeStack``), next to ``others``."""
    return [d for d in only(pack.analyze_stack([Res(type_token, "r", props), *others]), POLICY)
            if d.urn == urn_of(type_token, "r")]


@pytest.mark.parametrize(
    ("type_token", "props"),
    [
        (c.S3_BUCKET_POLICY, {"bucket": "b"}),
        (c.S3_BUCKET, {"bucket": "b"}),
        ("aws:sqs/queue:Queue", {"name": "q"}),
        ("aws:sns/topicPolicy:TopicPolicy", {"arn": "arn:aws:sns:eu-west-3:1:t"}),
        (c.KMS_KEY, {"description": "k"}),
        ("aws:secretsmanager/secretPolicy:SecretPolicy", {"secretArn": "s"}),
    ],
)
def test_a_policy_that_allows_everyone(pack: Pack, type_token: str, props: dict[str, Any]) -> None:
    d = single(found(pack, type_token, {**props, "policy": policy(PUBLIC_STATEMENT)}))
    assert (d.level, d.message) == ("mandatory", PUBLIC_MESSAGE)


@pytest.mark.parametrize(
    "statement",
    [
        {**PUBLIC_STATEMENT, "Effect": "Deny"},
        {**PUBLIC_STATEMENT, "Principal": {"Service": "cloudfront.amazonaws.com"}},
        {**PUBLIC_STATEMENT, "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudfront::1:distribution/D"}}},
        {**PUBLIC_STATEMENT, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}},
        {**PUBLIC_STATEMENT, "Condition": {"IpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}}},
    ],
    ids=["deny", "service", "source-arn", "organisation", "fixed-ip"],
)
def test_limited_policies_are_not_public(pack: Pack, statement: dict[str, Any]) -> None:
    assert found(pack, c.S3_BUCKET_POLICY, {"bucket": "b", "policy": policy(statement)}) == []


@pytest.mark.parametrize(
    "condition",
    [
        {"StringLike": {"aws:SourceArn": "*"}},
        {"StringNotEquals": {"aws:SourceAccount": "123456789012"}},
        {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
        {"Bool": {"aws:SecureTransport": "true"}},
    ],
    ids=["wildcard", "negated", "world-ip", "not-limiting"],
)
def test_conditions_that_limit_nothing(pack: Pack, condition: dict[str, Any]) -> None:
    statement = {**PUBLIC_STATEMENT, "Condition": condition}
    assert single(found(pack, c.S3_BUCKET_POLICY, {"bucket": "b", "policy": policy(statement)})).message == \
        PUBLIC_MESSAGE


def test_unknown_policy_is_undetermined(pack: Pack) -> None:
    d = single(found(pack, c.S3_BUCKET_POLICY, {"bucket": "b", "policy": UNKNOWN}))
    assert d.message == ("Undetermined: `policy` is unknown at preview; a statement allowing everyone would open "
                         "this resource to any country.")



BLOCK_ALL = {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True,
             "restrictPublicBuckets": True}
BUCKET = Res(c.S3_BUCKET, "site", {"bucket": UNKNOWN, "arn": UNKNOWN})


def _block(name: str, bucket: Res | None, **flags: Any) -> Res:
    deps = {"bucket": [bucket.urn]} if bucket is not None else {}
    return Res(c.S3_BUCKET_PUBLIC_ACCESS_BLOCK, name, {"bucket": UNKNOWN, **BLOCK_ALL, **flags},
               property_dependencies=deps)


def _unknown_policy(pack: Pack, *others: Res, bucket: Res | None = BUCKET) -> list[Any]:
    deps = {"bucket": [bucket.urn], "policy": [bucket.urn]} if bucket is not None else {}
    return [d for d in only(pack.analyze_stack([
        Res(c.S3_BUCKET_POLICY, "policy", {"bucket": UNKNOWN, "policy": UNKNOWN}, property_dependencies=deps),
        *others]), POLICY) if d.urn == urn_of(c.S3_BUCKET_POLICY, "policy")]


def test_an_unknown_bucket_policy_under_block_public_access_is_not_undetermined(pack: Pack) -> None:
    assert _unknown_policy(pack, BUCKET, _block("guard", BUCKET)) == []
    account = Res(c.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "account", BLOCK_ALL)
    assert _unknown_policy(pack, BUCKET, account) == []


@pytest.mark.parametrize("flag", ["blockPublicPolicy", "restrictPublicBuckets"])
@pytest.mark.parametrize("value", [False, UNKNOWN])
def test_a_block_that_lets_a_policy_through_guards_nothing(pack: Pack, flag: str, value: Any) -> None:
    d = single(_unknown_policy(pack, BUCKET, _block("guard", BUCKET, **{flag: value})))
    assert d.message.startswith("Undetermined: `policy` is unknown at preview")


def test_a_block_on_another_bucket_or_on_an_unknown_one_guards_nothing(pack: Pack) -> None:
    other = Res(c.S3_BUCKET, "other", {"bucket": UNKNOWN, "arn": UNKNOWN})
    assert len(_unknown_policy(pack, BUCKET, other, _block("guard", other))) == 1
    assert len(_unknown_policy(pack, BUCKET, _block("guard", None))) == 1
    assert len(_unknown_policy(pack, BUCKET, _block("guard", BUCKET), bucket=None)) == 1


def test_a_known_public_policy_is_a_violation_even_under_block_public_access(pack: Pack) -> None:
    d = single(found(pack, c.S3_BUCKET_POLICY, {"bucket": "b", "policy": policy(PUBLIC_STATEMENT)},
                     Res(c.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "account", BLOCK_ALL)))
    assert d.level == "mandatory"
    assert not d.message.startswith("Undetermined")

@pytest.mark.parametrize(
    ("type_token", "props", "path"),
    [
        (c.S3_BUCKET, {"bucket": "b", "acl": "public-read"}, "acl"),
        (c.S3_BUCKET_ACL_V2, {"bucket": "b", "acl": "authenticated-read"}, "acl"),
        (c.S3_BUCKET_ACL_V2, {"bucket": "b", "accessControlPolicy": {"grants": [{
            "permission": "READ", "grantee": {"type": "Group",
                                              "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}}]}},
         "accessControlPolicy.grants[0]"),
    ],
)
def test_public_acls(pack: Pack, type_token: str, props: dict[str, Any], path: str) -> None:
    d = single(found(pack, type_token, props))
    assert d.message == (f"`{path}` grants everyone (or every AWS account) access to the bucket from any country. "
                         "Remove the grant and keep ACLs disabled (`BucketOwnerEnforced`).")
    assert found(pack, c.S3_BUCKET_ACL_V2, {"bucket": "b", "acl": "private"}) == []


def test_public_access_block_switched_off(pack: Pack) -> None:
    on = dict.fromkeys(("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"), True)
    assert found(pack, c.S3_BUCKET_PUBLIC_ACCESS_BLOCK, {"bucket": "b", **on}) == []
    d = single(found(pack, c.S3_BUCKET_PUBLIC_ACCESS_BLOCK, {"bucket": "b", **on, "blockPublicPolicy": False,
                                                            "restrictPublicBuckets": False}))
    assert d.message == ("`blockPublicPolicy`, `restrictPublicBuckets` are not true, so Block Public Access no "
                         "longer keeps the bucket from being made public by a policy or an ACL. Set all four "
                         "settings to true.")
    d = single(found(pack, c.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, {"blockPublicAcls": True}))
    assert d.message.startswith("`blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets` are not true, so "
                                "Block Public Access no longer keeps the account's buckets")


def test_website_hosting(pack: Pack) -> None:
    d = single(found(pack, c.S3_BUCKET_WEBSITE_V2, {"bucket": "b", "indexDocument": {"suffix": "index.html"}}))
    assert d.message == (
        "This website configuration serves the bucket over an S3 website endpoint, which answers every country and "
        "cannot carry a web ACL or geo restriction. Serve the content through CloudFront with origin access "
        "control and a geo restriction instead."
    )
    inline = single(found(pack, c.S3_BUCKET, {"bucket": "b", "website": {"indexDocument": "index.html"}}))
    assert inline.message.startswith("`website` serves the bucket over an S3 website endpoint")
    redirect = {"bucket": "b", "redirectAllRequestsTo": {"hostName": "example.eu"}}
    assert found(pack, c.S3_BUCKET_WEBSITE_V2, redirect) == []


@pytest.mark.parametrize(
    ("type_token", "props", "prop"),
    [
        (c.RDS_SNAPSHOT, {"dbInstanceIdentifier": "db", "sharedAccounts": ["all"]}, "sharedAccounts"),
        (c.RDS_CLUSTER_SNAPSHOT, {"dbClusterIdentifier": "c", "sharedAccounts": ["111122223333", "all"]},
         "sharedAccounts"),
        (c.EC2_AMI_LAUNCH_PERMISSION, {"imageId": "ami-1", "group": "all"}, "group"),
        (c.EC2_SNAPSHOT_CREATE_VOLUME_PERMISSION, {"snapshotId": "snap-1", "accountId": "all"}, "accountId"),
        ("aws:lambda/layerVersionPermission:LayerVersionPermission",
         {"layerName": "l", "versionNumber": 1, "principal": "*", "action": "lambda:GetLayerVersion"}, "principal"),
    ],
)
def test_sharing_with_every_account(pack: Pack, type_token: str, props: dict[str, Any], prop: str) -> None:
    d = single(found(pack, type_token, props))
    assert d.message == (f"`{prop}` shares this with every AWS account, so anyone can copy the data to any region "
                         "or country. Share with named accounts or your organisation only.")


def test_sharing_with_named_accounts_passes(pack: Pack) -> None:
    assert found(pack, c.RDS_SNAPSHOT, {"dbInstanceIdentifier": "db", "sharedAccounts": ["111122223333"]}) == []
    assert found(pack, c.EC2_AMI_LAUNCH_PERMISSION, {"imageId": "ami-1", "accountId": "111122223333"}) == []


@pytest.mark.parametrize("type_token", [c.EBS_SNAPSHOT_BLOCK_PUBLIC_ACCESS, c.EC2_IMAGE_BLOCK_PUBLIC_ACCESS])
def test_block_public_sharing_switched_off(pack: Pack, type_token: str) -> None:
    d = single(found(pack, type_token, {"state": "unblocked"}))
    assert d.message.startswith("`state` is unblocked, so snapshots or images of this region can be shared")
    assert found(pack, type_token, {"state": "block-new-sharing"}) == []
