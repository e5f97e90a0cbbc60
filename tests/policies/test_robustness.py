"""Odd properties never crash a policy, and secret values never reach a message."""

from __future__ import annotations

from typing import Any

import pytest
from baselines import BASELINES, arn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_harness import UNKNOWN, Pack, Res, Secret, provider

from residency import catalog as c
from residency.policies import _values

ODD_VALUES: list[Any] = [
    None,
    0,
    1.5,
    True,
    "",
    "garbage",
    [],
    {},
    [None],
    {"a": None},
    [[[]]],
    UNKNOWN,
    {"types": None},
    ["EDGE", None],
    [{"regionName": None}],
    {"rules": [1, "x", None]},
]


@pytest.mark.parametrize("type_token", sorted(BASELINES))
def test_odd_values_in_every_baseline_property_never_crash(type_token: str) -> None:
    pack = Pack()
    for key in BASELINES[type_token]:
        for odd in ODD_VALUES:
            props = {**BASELINES[type_token], key: odd}
            pack.analyze(type_token, props)  # must not raise
            pack.analyze_stack([Res(type_token, "r", props)])


def test_odd_providers_never_crash() -> None:
    pack = Pack()
    for region in (None, "", 5, ["eu-west-3"], {"x": 1}, UNKNOWN):
        for default_tags in ("not json", "[1]", '{"tags": 5}', UNKNOWN):
            prov = provider(region, defaultTags=default_tags)
            pack.analyze(c.S3_BUCKET, {"bucket": "b"}, provider=prov)
            pack.analyze_stack([Res(c.S3_BUCKET, "b", {"bucket": "b"}, provider=prov)])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from([UNKNOWN, "arn:aws:s3:::b", arn("sqs", "us-east-1", "q"), "eu-west-3", "EU-WEST-3"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
TYPES = [
    c.S3_BUCKET,
    c.LAMBDA_FUNCTION,
    c.DYNAMODB_TABLE,
    c.CLOUDFRONT_DISTRIBUTION,
    c.APIGW_METHOD,
    c.WAFV2_WEB_ACL,
    c.APIGW_STAGE,
    c.LB_LOAD_BALANCER,
    c.KMS_KEY,
    c.LOG_GROUP,
    c.APPSYNC_GRAPHQL_API,
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    type_token=st.sampled_from(TYPES),
    props=st.dictionaries(st.text(max_size=24), json_values, max_size=6),
    wellknown=st.dictionaries(
        st.sampled_from(
            [
                "region",
                "tags",
                "replicas",
                "rules",
                "restrictions",
                "defaultAction",
                "endpointConfiguration",
                "deadLetterConfig",
                "authorization",
                "internal",
                "arn",
                "webAclId",
                "settings",
            ]
        ),
        json_values,
    ),
)
def test_random_properties_never_crash(
    type_token: str, props: dict[str, Any], wellknown: dict[str, Any]
) -> None:
    pack = Pack()
    merged = {**props, **wellknown}
    pack.analyze(type_token, merged)
    pack.analyze_stack([Res(type_token, "r", merged), Res(c.WAFV2_WEB_ACL_ASSOCIATION, "a", merged)])


SECRET = "TOPSECRET-7f3a9"


def secret_cases() -> list[tuple[str, dict[str, Any]]]:
    """Violating inputs whose deciding values are secrets that embed the marker."""
    return [
        (
            c.S3_BUCKET,
            {
                "bucket": Secret(f"b-{SECRET}"),
                "region": Secret(f"us-{SECRET}"),
                "tags": Secret({"data-class": SECRET}),
            },
        ),
        (c.S3_BUCKET, {"region": Secret("us-east-1"), "tags": {"data-class": Secret(SECRET)}}),
        (
            c.LAMBDA_FUNCTION,
            {
                "kmsKeyArn": Secret(arn("kms", "us-east-1", f"key/{SECRET}")),
                "deadLetterConfig": {"targetArn": Secret(f"arn:aws:sqs:{SECRET}:1:q")},
                "environment": {"variables": {"TOKEN": Secret(f"arn:aws-cn:s3:::{SECRET}")}},
            },
        ),
        (c.DYNAMODB_TABLE, {"replicas": [{"regionName": Secret(f"eu-west-{SECRET}")}]}),
        (c.S3_REPLICATION, {"rules": [{"destination": {"bucket": Secret(f"arn:aws:s3:::{SECRET}")}}]}),
        (c.APIGW_METHOD, {"authorization": Secret(SECRET), "apiKeyRequired": Secret(True)}),
        (c.LOG_GROUP, {"retentionInDays": Secret(SECRET)}),
        (
            c.CLOUDFRONT_DISTRIBUTION,
            {
                "restrictions": {
                    "geoRestriction": {"restrictionType": "whitelist", "locations": [Secret(SECRET)]}
                },
                "webAclId": Secret(SECRET),
            },
        ),
    ]


@pytest.mark.parametrize(("type_token", "props"), secret_cases())
def test_secret_values_never_appear_in_messages(type_token: str, props: dict[str, Any]) -> None:
    pack = Pack()
    prov = provider(Secret(f"eu-{SECRET}"), defaultTags=Secret('{"tags": {"x": "' + SECRET + '"}}'))
    diags = pack.analyze(type_token, props) + pack.analyze(type_token, props, provider=prov)
    diags += pack.analyze_stack([Res(type_token, "r", props), Res(type_token, "s", props, provider=prov)])
    assert diags, "each case violates something"
    for d in diags:
        assert SECRET not in d.full_message
        assert "123456789012" not in d.full_message  # account ids stay out too


def test_plain_converts_proxies_and_unknowns() -> None:
    from pulumi_policy.proxy import unknown_checking_proxy

    proxied = unknown_checking_proxy({"a": [UNKNOWN, {"b": UNKNOWN}], "c": 1})
    assert _values.plain(proxied) == {"a": [_values.UNKNOWN, {"b": _values.UNKNOWN}], "c": 1}


def test_an_unknown_list_on_the_way_is_unknown_not_empty() -> None:
    """``select`` through a list that is unknown at preview yields the unknown (it may hold anything)."""
    from residency.policies._values import UNKNOWN as SENTINEL
    from residency.policies._values import select

    assert list(select({"replicas": SENTINEL}, "replicas[].regionName")) == [("replicas", SENTINEL)]
    assert list(select({"replicas": [{"regionName": SENTINEL}]}, "replicas[].regionName")) == [
        ("replicas[0].regionName", SENTINEL)
    ]
    assert list(select({"replicas": []}, "replicas[].regionName")) == []
