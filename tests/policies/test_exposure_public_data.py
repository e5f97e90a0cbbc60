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


def found(pack: Pack, type_token: str, props: dict[str, Any]) -> list[Any]:
    return only(pack.analyze(type_token, props), POLICY)


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


def test_a_policy_unknown_at_preview_is_left_to_the_stack_rule(pack: Pack) -> None:
    assert found(pack, c.S3_BUCKET_POLICY, {"bucket": "b", "policy": UNKNOWN}) == []
    assert found(pack, "aws:sqs/queuePolicy:QueuePolicy", {"queueUrl": "u", "policy": UNKNOWN}) == []


REFERENCES = "exposure-public-data-references"
BLOCK_ALL = {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True,
             "restrictPublicBuckets": True}
BUCKET = Res(c.S3_BUCKET, "site", {"bucket": UNKNOWN, "arn": UNKNOWN})
OTHER_STACK = Res("pulumi:pulumi:StackReference", "shared", {"outputs": UNKNOWN}, provider=None)


def _block(name: str, bucket: Res | None, **flags: Any) -> Res:
    deps = {"bucket": [bucket.urn]} if bucket is not None else {}
    return Res(c.S3_BUCKET_PUBLIC_ACCESS_BLOCK, name, {"bucket": UNKNOWN, **BLOCK_ALL, **flags},
               property_dependencies=deps)


def _unknown_policy(pack: Pack, *others: Res, source: Res | None = BUCKET,
                    type_token: str = c.S3_BUCKET_POLICY) -> list[Any]:
    deps = {"bucket": [BUCKET.urn], "policy": [source.urn] if source is not None else []}
    return [d for d in only(pack.analyze_stack([
        Res(type_token, "policy", {"bucket": UNKNOWN, "policy": UNKNOWN}, property_dependencies=deps),
        *others]), REFERENCES) if d.urn == urn_of(type_token, "policy")]


def test_a_policy_built_from_this_stack_is_judged_when_known(pack: Pack) -> None:
    # Known when `pulumi up` analyzes the resource, before creating it: exposure-public-data decides then.
    assert _unknown_policy(pack, BUCKET) == []
    queue = Res("aws:sqs/queue:Queue", "q", {"arn": UNKNOWN})
    assert _unknown_policy(pack, queue, source=queue, type_token="aws:sqs/queuePolicy:QueuePolicy") == []


@pytest.mark.parametrize(
    ("source", "extra", "why"),
    [
        (OTHER_STACK, [OTHER_STACK], "comes from another stack's outputs ('shared')"),
        (None, [], "derives from nothing in this stack"),
        (OTHER_STACK, [], "derives from"),  # a dependency the request does not carry
        (Res("gcp:storage/bucket:Bucket", "g", {}, provider=None), [Res("gcp:storage/bucket:Bucket", "g", {},
                                                                         provider=None)], "which the pack cannot"),
    ],
)
def test_a_policy_from_elsewhere_is_undetermined(pack: Pack, source: Res | None, extra: list[Res],
                                                 why: str) -> None:
    d = single(_unknown_policy(pack, BUCKET, *extra, source=source))
    assert (d.level, d.message.startswith("Undetermined: `policy` is unknown at preview and ")) == ("mandatory", True)
    assert why in d.message


def test_block_public_access_keeps_an_unknown_bucket_policy_private(pack: Pack) -> None:
    assert _unknown_policy(pack, BUCKET, OTHER_STACK, _block("guard", BUCKET), source=OTHER_STACK) == []
    account = Res(c.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "account", BLOCK_ALL)
    assert _unknown_policy(pack, BUCKET, OTHER_STACK, account, source=OTHER_STACK) == []


@pytest.mark.parametrize("flag", ["blockPublicPolicy", "restrictPublicBuckets"])
@pytest.mark.parametrize("value", [False, UNKNOWN])
def test_a_block_that_lets_a_policy_through_guards_nothing(pack: Pack, flag: str, value: Any) -> None:
    guard = _block("guard", BUCKET, **{flag: value})
    assert len(_unknown_policy(pack, BUCKET, OTHER_STACK, guard, source=OTHER_STACK)) == 1


def test_a_block_on_another_bucket_or_on_an_unknown_one_guards_nothing(pack: Pack) -> None:
    other = Res(c.S3_BUCKET, "other", {"bucket": UNKNOWN, "arn": UNKNOWN})
    assert len(_unknown_policy(pack, BUCKET, other, OTHER_STACK, _block("guard", other), source=OTHER_STACK)) == 1
    assert len(_unknown_policy(pack, BUCKET, OTHER_STACK, _block("guard", None), source=OTHER_STACK)) == 1


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
