"""Lookups answered offline: the policy document exactly as terraform-provider-aws writes it, placeholders."""

from __future__ import annotations

import json
import zlib

import pytest

from residency import aws
from residency.engine.lookups import PolicyDocumentError, from_config, placeholder_result, policy_document


def test_single_values_are_strings_and_sets_are_reverse_sorted_and_deduplicated() -> None:
    result = policy_document({"statements": [{"actions": ["s3:B", "s3:A", "s3:B"], "resources": ["r"]}]})
    assert json.loads(result["json"]) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:B", "s3:A"], "Resource": "r"}],
    }
    assert result["minifiedJson"] == (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:B","s3:A"],"Resource":"r"}]}'
    )
    assert result["id"] == str(zlib.crc32(result["json"].encode()))


def test_star_principal_and_go_escaping() -> None:
    result = policy_document(
        {"policyId": "p<1>&",
         "statements": [{"actions": ["s3:*"], "principals": [{"type": "*", "identifiers": ["*"]}]}]}
    )
    assert '"Principal": "*"' in result["json"]
    assert '"Id": "p\\u003c1\\u003e\\u0026"' in result["json"]


def test_source_and_override_documents_merge_by_sid() -> None:
    source = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Keep", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Replace", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"},
    ]})
    override = json.dumps({"Statement": [{"Sid": "Replace", "Effect": "Deny", "Action": "s3:PutObject",
                                          "Resource": "*"}]})
    document = json.loads(policy_document({"sourcePolicyDocuments": [source],
                                           "statements": [{"sid": "Mine", "actions": ["sqs:SendMessage"]}],
                                           "overridePolicyDocuments": [override]})["json"])
    assert [(s["Sid"], s["Effect"]) for s in document["Statement"]] == [
        ("Keep", "Allow"), ("Replace", "Deny"), ("Mine", "Allow")
    ]


def test_duplicate_sid_is_refused_as_the_provider_does() -> None:
    with pytest.raises(PolicyDocumentError, match="duplicate Sid \\(A\\)"):
        policy_document({"statements": [{"sid": "A"}, {"sid": "A"}]})


def test_config_answers_follow_the_region_and_partition() -> None:
    region = from_config("aws:index/getRegion:getRegion", {}, "eu-isoe-west-1", "111122223333")
    assert region is not None
    assert region["endpoint"] == f"ec2.eu-isoe-west-1.{aws.dns_suffix('aws-iso-e')}"
    identity = from_config("aws:index/getCallerIdentity:getCallerIdentity", {}, "cn-north-1", "111122223333")
    assert identity is not None
    assert identity["arn"] == "arn:aws-cn:iam::111122223333:user/residency-offline-check"
    assert from_config("aws:index/getRegion:getRegion", {}, None, "1") is None


def test_placeholders_are_schema_shaped_marked_and_echo_arguments_as_the_provider_types_them() -> None:
    ami = placeholder_result("aws:ec2/getAmi:getAmi", {"mostRecent": "true", "owners": ["amazon"]})
    assert ami["mostRecent"] is True  # the bridge converts "true" to the schema's bool
    assert ami["owners"] == ["amazon"]
    assert aws.is_offline_placeholder(ami["id"])
    assert isinstance(ami["blockDeviceMappings"], list)
    assert aws.is_offline_placeholder(ami["blockDeviceMappings"][0]["deviceName"])
    bucket = placeholder_result("aws:s3/getBucket:getBucket", {"bucket": "archive"})
    assert bucket["bucket"] == "archive"
    assert aws.is_offline_placeholder(bucket["region"])
    assert aws.is_offline_placeholder(bucket["arn"])
