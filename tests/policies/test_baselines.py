"""Every compliant baseline passes every policy of the pack, in Analyze and in AnalyzeStack."""

from __future__ import annotations

import pytest
from baselines import BASELINES, baseline
from policy_harness import Pack, Res, provider

from residency import catalog as c


@pytest.mark.parametrize("type_token", sorted(BASELINES))
def test_baseline_passes_resource_policies(pack: Pack, type_token: str) -> None:
    # The engine analyses a bucket before anything that consumes its ARN (same pack process).
    assert pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET)) == []
    found = pack.analyze(type_token, baseline(type_token))
    # A table with replicas is a multi-Region primitive: reported at the (advisory) level of its own rule.
    allowed = {"side-door-multi-region"} if type_token in (c.DYNAMODB_TABLE, c.DYNAMODB_GLOBAL_TABLE) else set()
    assert [d for d in found if d.policy not in allowed] == []
    assert all(d.level == "advisory" for d in found)


def test_provider_resource_with_region_passes(pack: Pack) -> None:
    assert pack.analyze(c.AWS_PROVIDER, {"region": "eu-west-3", "version": "7.51.1"}, provider=None) == []


def test_component_resources_are_out_of_scope(pack: Pack) -> None:
    assert pack.analyze("residency:index:ResidentBucket", {"anything": 1}, provider=None) == []


def test_compliant_stack_passes_stack_policies(pack: Pack) -> None:
    acl = Res(
        c.WAFV2_WEB_ACL,
        "acl",
        {
            "arn": "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/acl/1",
            "scope": "REGIONAL",
            "defaultAction": {"block": {}},
            "rules": [
                {
                    "name": "eea",
                    "priority": 1,
                    "action": {"allow": {}},
                    "statement": {"geoMatchStatement": {"countryCodes": ["FR", "DE", "NO"]}},
                }
            ],
        },
    )
    api = Res(
        c.APIGW_REST_API,
        "api",
        {
            "arn": "arn:aws:apigateway:eu-west-3::/restapis/abc",
            "endpointConfiguration": {"types": "REGIONAL"},
        },
    )
    stage = Res(
        c.APIGW_STAGE,
        "stage",
        {
            "arn": "arn:aws:apigateway:eu-west-3::/restapis/abc/stages/prod",
            "restApi": "abc",
            "stageName": "prod",
        },
    )
    assoc = Res(
        c.WAFV2_WEB_ACL_ASSOCIATION,
        "assoc",
        {"resourceArn": stage.props["arn"], "webAclArn": acl.props["arn"]},
    )
    dst = Res(
        c.S3_BUCKET, "dst", {"bucket": "dst-eu", "arn": "arn:aws:s3:::dst-eu", "region": "eu-central-1"}
    )
    repl = Res(
        c.S3_REPLICATION,
        "repl",
        {"bucket": "src", "rules": [{"destination": {"bucket": "arn:aws:s3:::dst-eu"}}]},
    )
    assert pack.analyze_stack([acl, api, stage, assoc, dst, repl]) == []


def test_compliant_stack_with_explicit_provider(pack: Pack) -> None:
    frankfurt = provider("eu-central-1", name="frankfurt")
    bucket = Res(c.S3_BUCKET, "b", {"bucket": "b-eu", "arn": "arn:aws:s3:::b-eu"}, provider=frankfurt)
    fh = Res(
        c.FIREHOSE_DELIVERY_STREAM, "fh", {"extendedS3Configuration": {"bucketArn": "arn:aws:s3:::b-eu"}}
    )
    assert pack.analyze_stack([bucket, fh]) == []
