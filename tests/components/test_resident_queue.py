"""ResidentQueue: SQS encrypted with the in-region CMK, TLS only."""

from __future__ import annotations

import json

import pytest

from residency.components import ComponentArgumentError, PinnedProvider, ResidentKey, ResidentQueue

QUEUE = "aws:sqs/queue:Queue"


def build(**queue_args):
    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        ResidentQueue(
            "dlq", {"provider": pinned, "key": ResidentKey("paris", {"provider": pinned}), **queue_args}
        )

    return program


def test_queue_settings(program) -> None:
    recording = program(build())
    queue = recording.one(QUEUE)
    key = recording.one("aws:kms/key:Key").state["arn"]
    assert recording.provider_region(queue) == "eu-west-3"
    assert queue.inputs["kmsMasterKeyId"] == key
    assert key.startswith("arn:aws:kms:eu-west-3:")
    assert queue.inputs["kmsDataKeyReusePeriodSeconds"] == 300
    assert queue.inputs["messageRetentionSeconds"] == 1_209_600
    assert "sqsManagedSseEnabled" not in queue.inputs
    assert queue.inputs["tags"] == {"data-class": "customer-content"}
    policy = recording.one("aws:sqs/queuePolicy:QueuePolicy")
    assert policy.inputs["queueUrl"] == queue.state["url"]
    assert json.loads(policy.inputs["policy"])["Statement"] == [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "sqs:*",
            "Resource": "arn:aws:sqs:eu-west-3:123456789012:dlq-queue",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ]
    assert recording.one("residency:components:ResidentQueue").outputs == {
        "queue_url": "https://sqs.eu-west-3.amazonaws.com/123456789012/dlq-queue",
        "queue_arn": "arn:aws:sqs:eu-west-3:123456789012:dlq-queue",
        "queue_name": "dlq-queue",
        "kms_key_arn": key,
        "region": "eu-west-3",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"message_retention_seconds": 1_209_601},
            "message_retention_seconds: 1209601 is not between 60 and",
        ),
        ({"visibility_timeout_seconds": -1}, "visibility_timeout_seconds: -1 is not between 0 and 43200"),
    ],
)
def test_refusals(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert recording.of_type(QUEUE) == []


def test_key_of_another_region_is_refused(refused) -> None:
    def program() -> None:
        paris = PinnedProvider("paris", {"region": "eu-west-3"})
        milan = PinnedProvider("milan", {"region": "eu-south-1"})
        ResidentQueue("dlq", {"provider": paris, "key": ResidentKey("k", {"provider": milan})})

    error, recording = refused(program)
    assert "ResidentQueue 'dlq': key: the key is in 'eu-south-1' but the queue is in 'eu-west-3'" in str(
        error
    )
    assert recording.of_type(QUEUE) == []
