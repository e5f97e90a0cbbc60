"""ResidentKey: a single-region, rotating customer-managed key in the pinned region."""

from __future__ import annotations

import json

import pulumi_aws as aws
import pytest

from residency.components import ComponentArgumentError, PinnedProvider, ResidentKey

KEY = "aws:kms/key:Key"


def build(**key_args):
    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        ResidentKey("content", {"provider": pinned, **key_args})

    return program


def test_key_is_in_region_rotating_and_single_region(program) -> None:
    recording = program(build())
    key = recording.one(KEY)
    assert key.name == "content-key"
    assert recording.provider_region(key) == "eu-west-3"
    assert key.inputs["enableKeyRotation"] is True
    assert key.inputs["multiRegion"] is False
    assert key.inputs["keyUsage"] == "ENCRYPT_DECRYPT"
    assert key.inputs["customerMasterKeySpec"] == "SYMMETRIC_DEFAULT"
    assert key.inputs["deletionWindowInDays"] == 30
    assert key.inputs["tags"] == {"data-class": "customer-content"}
    assert key.state["arn"].startswith("arn:aws:kms:eu-west-3:123456789012:key/")
    component = recording.one("residency:components:ResidentKey")
    assert component.outputs == {"key_arn": key.state["arn"], "key_id": key.state["keyId"]}


def test_policy_without_logs_only_delegates_to_the_account(program) -> None:
    policy = json.loads(program(build()).one(KEY).inputs["policy"])
    assert policy["Statement"] == [
        {
            "Sid": "AccountAdministersKeyThroughIam",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]


def test_policy_with_logs_admits_only_the_regional_logs_service(program) -> None:
    policy = json.loads(program(build(allow_cloudwatch_logs=True)).one(KEY).inputs["policy"])
    logs = [s for s in policy["Statement"] if s["Sid"] == "CloudWatchLogsOfThisRegion"]
    assert len(logs) == 1
    assert logs[0]["Principal"] == {"Service": "logs.eu-west-3.amazonaws.com"}
    assert logs[0]["Condition"] == {
        "ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-3:123456789012:log-group:*"}
    }
    assert "kms:*" not in logs[0]["Action"]


def test_non_content_key_states_its_data_class(program) -> None:
    key = program(build(data_class="service-metadata")).one(KEY)
    assert key.inputs["tags"] == {"data-class": "service-metadata"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"deletion_window_in_days": 3},
            "ResidentKey 'content': deletion_window_in_days: 3 is not between 7 and 30.",
        ),
        ({"data_class": " x"}, "ResidentKey 'content': data_class: ' x' is not a data class"),
    ],
)
def test_refusals(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert recording.of_type(KEY) == []
    assert recording.of_type("residency:components:ResidentKey") == []


def test_refuses_a_bare_aws_provider(refused) -> None:
    def program() -> None:
        ResidentKey("content", {"provider": aws.Provider("raw", region="eu-west-3")})  # type: ignore[typeddict-item]

    error, _ = refused(program)
    assert "ResidentKey 'content': provider: pass a PinnedProvider" in str(error)
