"""The AWS facts module: partitions from botocore, ARN, hostname, URL and model-id parsing (no Pulumi)."""

from __future__ import annotations

import pytest

from residency import aws


def test_partitions_come_from_botocore_with_their_dns_suffixes() -> None:
    assert aws.partition_of("eu-west-3") == "aws"
    assert aws.partition_of("eusc-de-east-1") == "aws-eusc"
    assert aws.partition_of("eu-isoe-west-1") == "aws-iso-e"
    assert aws.partition_of("cn-north-1") == "aws-cn"
    assert aws.partition_of("nowhere-1") is None
    assert aws.dns_suffix("aws-cn") == "amazonaws.com.cn"
    assert aws.dns_suffix("aws-eusc") == "amazonaws.eu"
    assert aws.dns_suffix("aws-iso-e") == "cloud.adc-e.uk"
    assert not any(r.endswith("-global") for r in aws.region_partitions())


def test_service_principals_follow_the_partition() -> None:
    assert aws.service_principal("logs", "eu-west-3") == "logs.eu-west-3.amazonaws.com"
    assert aws.service_principal("logs", "cn-north-1", "aws-cn") == "logs.cn-north-1.amazonaws.com.cn"
    assert aws.service_principal("lambda") == "lambda.amazonaws.com"


def test_parse_arn_is_exact() -> None:
    arn = aws.parse_arn("arn:aws:sqs:eu-west-3:123456789012:orders")
    assert arn == aws.Arn("aws", "sqs", "eu-west-3", "123456789012", "orders")
    assert str(arn) == "arn:aws:sqs:eu-west-3:123456789012:orders"
    assert aws.parse_arn("x arn:aws:sqs:eu-west-3:123456789012:orders") is None
    assert aws.parse_arn(42) is None
    assert aws.parse_arn("arn:aws:s3:::bucket/key").s3_bucket == "bucket"  # type: ignore[union-attr]
    assert aws.parse_arn("arn:aws:sqs:eu-west-3:123456789012:q").s3_bucket is None  # type: ignore[union-attr]


def test_nested_arns_are_each_found_with_their_own_region() -> None:
    uri = ("arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")
    assert [a.region for a in aws.find_arns(uri)] == ["eu-west-3", "us-east-1"]
    assert [a.service for a in aws.find_arns('{"Resource": "arn:aws:sns:us-east-1:1:t", "x": "warn:aws:y"}')] == [
        "sns"
    ]


@pytest.mark.parametrize(
    ("host", "region", "bucket"),
    [
        ("sqs.us-east-1.amazonaws.com", "us-east-1", None),
        ("abc123.execute-api.eu-west-3.amazonaws.com", "eu-west-3", None),
        ("data.s3.eu-west-1.amazonaws.com", "eu-west-1", "data"),
        ("data.s3-eu-west-1.amazonaws.com", "eu-west-1", "data"),
        ("data.s3.amazonaws.com", None, "data"),
        ("s3-website-us-west-2.amazonaws.com", "us-west-2", None),
        ("fn.lambda-url.us-east-1.on.aws", "us-east-1", None),
        ("svc.eu-west-3.awsapprunner.com", "eu-west-3", None),
        ("x.cn-north-1.amazonaws.com.cn", "cn-north-1", None),
        ("lambda.amazonaws.com", None, None),
    ],
)
def test_aws_hostnames_name_their_region(host: str, region: str | None, bucket: str | None) -> None:
    parsed = aws.aws_host(host)
    assert parsed is not None
    assert (parsed.region, parsed.bucket) == (region, bucket)
    assert parsed.region_known == (region is not None)


def test_other_hostnames_are_not_aws_and_unknown_region_labels_are_flagged() -> None:
    assert aws.aws_host("api.example.com") is None
    odd = aws.aws_host("db.x.us-east-9.rds.amazonaws.com")
    assert odd is not None
    assert odd.region == "us-east-9"
    assert not odd.region_known


def test_urls_keep_scheme_and_host_only() -> None:
    urls = aws.find_urls("curl https://user:pw@hooks.example.com/path?token=s3cr3t then wss://a.example.eu:443/x")
    assert urls == [aws.Url("https", "hooks.example.com"), aws.Url("wss", "a.example.eu")]
    assert aws.find_hostnames("postgres://db.c1.us-east-1.rds.amazonaws.com:5432/app") == [
        "db.c1.us-east-1.rds.amazonaws.com"
    ]


def test_privatelink_s3_uris_region_tokens_and_inference_profiles() -> None:
    assert aws.find_privatelink_regions("com.amazonaws.us-east-1.s3 com.amazonaws.vpce.eu-west-3.vpce-svc-1") == [
        "us-east-1",
        "eu-west-3",
    ]
    assert aws.find_s3_buckets("s3://landing-zone/raw/ and s3://b.c.d") == ["landing-zone", "b.c.d"]
    assert aws.find_region_tokens("--region us-east-1 logs-us-east-1 eu-west-1a REGION=eu-west-3") == [
        "us-east-1",
        "eu-west-3",
    ]
    assert aws.find_inference_profiles("us.anthropic.claude-3-5-sonnet-v1:0 anthropic.claude-v2 eu.amazon.nova") == [
        "us",
        "eu",
    ]
    assert aws.inference_profile_regions("eu") <= {r for r in aws.region_partitions() if r.startswith("eu-")}
    assert "us-east-1" in aws.inference_profile_regions("global")
