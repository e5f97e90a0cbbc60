"""ResidentFunction: Lambda pinned to the region, encrypted bounded logs, a DLQ, a clean environment."""

from __future__ import annotations

import json

import pulumi
import pytest

from residency.components import (
    ComponentArgumentError,
    PinnedProvider,
    ResidentFunction,
    ResidentKey,
    ResidentQueue,
)

FUNCTION = "aws:lambda/function:Function"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
CODE = pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {}\n")})


def build(with_queue: bool = True, logs: bool = True, **function_args):
    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        key = ResidentKey("paris", {"provider": pinned, "allow_cloudwatch_logs": logs})
        extra = {}
        if with_queue:
            extra["dead_letter_queue"] = ResidentQueue("dlq", {"provider": pinned, "key": key})
        ResidentFunction("echo", {"provider": pinned, "key": key, "code": CODE, **extra, **function_args})

    return program


def test_function_settings(program) -> None:
    recording = program(build(environment={"TABLE_NAME": "sessions"}, reserved_concurrency=5))
    function = recording.one(FUNCTION)
    key = recording.one("aws:kms/key:Key").state["arn"]
    queue = recording.one("aws:sqs/queue:Queue").state["arn"]
    log_group = recording.one(LOG_GROUP)
    assert recording.provider_region(function) == "eu-west-3"
    assert function.inputs["architectures"] == ["arm64"]
    assert function.inputs["kmsKeyArn"] == key
    assert key.startswith("arn:aws:kms:eu-west-3:")
    assert function.inputs["deadLetterConfig"] == {"targetArn": queue}
    assert queue.startswith("arn:aws:sqs:eu-west-3:")
    assert function.inputs["loggingConfig"]["logGroup"] == log_group.state["name"]
    assert function.inputs["loggingConfig"]["logFormat"] == "JSON"
    assert function.inputs["environment"] == {"variables": {"TABLE_NAME": "sessions"}}
    assert function.inputs["reservedConcurrentExecutions"] == 5
    assert function.inputs["runtime"] == "python3.13"
    assert function.inputs["handler"] == "index.handler"
    assert function.inputs["role"] == recording.one("aws:iam/role:Role").state["arn"]
    assert function.inputs["tags"] == {"data-class": "customer-content"}
    assert log_group.urn in function.dependencies
    assert recording.one("aws:iam/rolePolicy:RolePolicy").urn in function.dependencies

    assert recording.provider_region(log_group) == "eu-west-3"
    assert log_group.inputs["retentionInDays"] == 7
    assert log_group.inputs["kmsKeyId"] == key
    assert log_group.inputs["tags"] == {"data-class": "customer-content"}


def test_role_is_least_privilege(program) -> None:
    recording = program(build())
    assume = json.loads(recording.one("aws:iam/role:Role").inputs["assumeRolePolicy"])
    assert assume["Statement"] == [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ]
    policy = json.loads(recording.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    log_arn = recording.one(LOG_GROUP).state["arn"]
    key = recording.one("aws:kms/key:Key").state["arn"]
    queue = recording.one("aws:sqs/queue:Queue").state["arn"]
    grants = {(s["Sid"], json.dumps(s["Action"]), json.dumps(s["Resource"])) for s in policy["Statement"]}
    assert grants == {
        (
            "OwnLogGroup",
            json.dumps(["logs:CreateLogStream", "logs:PutLogEvents"]),
            json.dumps([log_arn, f"{log_arn}:*"]),
        ),
        ("DecryptEnvironment", json.dumps("kms:Decrypt"), json.dumps(key)),
        ("DeadLetterQueue", json.dumps("sqs:SendMessage"), json.dumps(queue)),
        ("DeadLetterQueueKey", json.dumps(["kms:GenerateDataKey", "kms:Decrypt"]), json.dumps(key)),
    }
    assert all(
        s["Effect"] == "Allow" and "*" not in json.dumps(s["Resource"]).replace(":*", "")
        for s in policy["Statement"]
    )


def test_configured_retention_and_x86(program) -> None:
    recording = program(build(log_retention_days=14, architecture="x86_64"))
    assert recording.one(LOG_GROUP).inputs["retentionInDays"] == 14
    assert recording.one(FUNCTION).inputs["architectures"] == ["x86_64"]
    assert "reservedConcurrentExecutions" not in recording.one(FUNCTION).inputs
    assert "environment" not in recording.one(FUNCTION).inputs


def test_dead_letter_queue_is_created_when_absent(program) -> None:
    recording = program(build(with_queue=False))
    queue_component = recording.one("residency:components:ResidentQueue")
    assert queue_component.name == "echo-dlq"
    assert queue_component.parent == recording.one("residency:components:ResidentFunction").urn
    queue = recording.one("aws:sqs/queue:Queue")
    assert recording.one(FUNCTION).inputs["deadLetterConfig"] == {"targetArn": queue.state["arn"]}
    assert queue.inputs["kmsMasterKeyId"] == recording.one("aws:kms/key:Key").state["arn"]


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"AWS_ACCESS_KEY": "AKIAIOSFODNN7EXAMPLE"}, "'AWS_ACCESS_KEY' is reserved by Lambda"),
        ({"UPSTREAM_ID": "AKIAIOSFODNN7EXAMPLE"}, "'UPSTREAM_ID' holds an AWS access key id"),
        ({"DB_PASSWORD": "hunter2"}, "'DB_PASSWORD' looks like a secret"),
        ({"TLS_CERT": "-----BEGIN EC PRIVATE KEY-----"}, "'TLS_CERT' holds a private key block"),
        (
            {"DB_SECRET_ARN": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf"},
            "'DB_SECRET_ARN' references a secretsmanager resource in region 'eu-central-1'; secret "
            "references must be in the function's region 'eu-west-3'",
        ),
    ],
)
def test_credentials_in_the_environment_are_refused(refused, environment, message: str) -> None:
    error, recording = refused(build(environment=environment))
    assert isinstance(error, ComponentArgumentError)
    assert str(error).startswith("ResidentFunction 'echo': environment: ")
    assert message in str(error)
    assert "hunter2" not in str(error)
    assert "AKIAIOSFODNN7EXAMPLE" not in str(error)
    assert recording.of_type(FUNCTION) == []
    assert recording.of_type("residency:components:ResidentFunction") == []


def test_same_region_secret_reference_is_accepted(program) -> None:
    arn = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:db-AbCdEf"
    recording = program(build(environment={"DB_SECRET_ARN": arn}))
    assert recording.one(FUNCTION).inputs["environment"] == {"variables": {"DB_SECRET_ARN": arn}}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"logs": False}, "key: the key does not allow CloudWatch Logs to use it"),
        ({"log_retention_days": 0}, "log_retention_days: 0 is not a CloudWatch Logs retention period"),
        ({"architecture": "riscv"}, "architecture: 'riscv' is not 'arm64' or 'x86_64'."),
        ({"memory_size": 64}, "memory_size: 64 is not a whole number between 128 and 10240."),
        ({"reserved_concurrency": -1}, "reserved_concurrency: -1 is not a whole number"),
        ({"code": "index.py"}, "code: pass a pulumi.FileArchive or pulumi.AssetArchive."),
    ],
)
def test_bad_arguments_are_refused(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert message in str(error)
    assert recording.of_type(FUNCTION) == []


def test_dead_letter_queue_of_another_region_is_refused(refused) -> None:
    def program() -> None:
        paris = PinnedProvider("paris", {"region": "eu-west-3"})
        dublin = PinnedProvider("dublin", {"region": "eu-west-1"})
        key = ResidentKey("paris", {"provider": paris, "allow_cloudwatch_logs": True})
        queue = ResidentQueue("dlq", {"provider": dublin, "key": ResidentKey("dublin", {"provider": dublin})})
        ResidentFunction("echo", {"provider": paris, "key": key, "code": CODE, "dead_letter_queue": queue})

    error, recording = refused(program)
    assert "dead_letter_queue: the queue is in 'eu-west-1' but the function is in 'eu-west-3'" in str(error)
    assert recording.of_type(FUNCTION) == []
