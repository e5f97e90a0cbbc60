"""ResidentFunction: a Lambda function pinned to the zone, with its own encrypted, bounded log group."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_data_class, check_retention, refuse
from .environment import environment_problems
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned
from .queue import ResidentQueue

_KIND = "ResidentFunction"


class ResidentFunctionArgs(TypedDict):
    """Arguments of :class:`ResidentFunction`."""

    provider: PinnedProvider
    """The pinned provider: the function, its log group and its role's policy live in its region."""

    key: ResidentKey
    """The in-region customer-managed key that encrypts the environment and the log group; it must allow
    CloudWatch Logs (``allow_cloudwatch_logs=True``)."""

    code: pulumi.Archive
    """The deployment package (``pulumi.FileArchive`` of a directory, or an ``AssetArchive``)."""

    handler: NotRequired[str]
    """The entry point, ``module.function``; defaults to ``index.handler``."""

    runtime: NotRequired[str]
    """The Lambda runtime; defaults to ``python3.13``."""

    architecture: NotRequired[Literal["arm64", "x86_64"]]
    """The instruction set; defaults to ``arm64``."""

    memory_size: NotRequired[int]
    """Memory in MB, 128 to 10,240; defaults to 256."""

    timeout: NotRequired[int]
    """Seconds before an invocation is stopped, 1 to 900; defaults to 10."""

    environment: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Environment variables. Plain credentials are refused (access key ids, private keys, literal values of
    variables named like secrets); pass Secrets Manager, SSM parameter or KMS ARNs of the same region
    instead."""

    reserved_concurrency: NotRequired[int]
    """Concurrent executions reserved for (and capping) this function; absent means the account's pool."""

    dead_letter_queue: NotRequired[ResidentQueue]
    """Where failed asynchronous invocations go; must be in the function's region. A resident queue named
    ``<name>-dlq`` is created with the same key when absent."""

    log_retention_days: NotRequired[int]
    """Retention of the function's log group; defaults to 7 days (``residency:logRetentionDays``)."""

    description: NotRequired[str]
    """A description shown in the Lambda console."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentFunction(pulumi.ComponentResource):
    """A Lambda function for customer content, pinned to the provider's region.

    Fixed: environment encrypted with the in-region customer-managed key, logs sent to a log group created in
    the same region with bounded retention and KMS encryption, a dead-letter queue in the same region, a
    least-privilege role (write to its own log group, decrypt with its key, send to its dead-letter queue),
    and an environment free of plaintext credentials.
    """

    function_name: pulumi.Output[str]
    """The function's name."""

    function_arn: pulumi.Output[str]
    """The function's ARN (carries the region)."""

    invoke_arn: pulumi.Output[str]
    """The ARN API Gateway uses to invoke the function."""

    role_arn: pulumi.Output[str]
    """The execution role's ARN."""

    role_name: pulumi.Output[str]
    """The execution role's name, to attach further least-privilege policies."""

    log_group_name: pulumi.Output[str]
    """The function's log group."""

    dead_letter_queue_arn: pulumi.Output[str]
    """The dead-letter queue's ARN."""

    region: str
    """The function's region."""

    def __init__(self, name: str, args: ResidentFunctionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, dlq, settings, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region
        tags = pinned.tags(data_class)

        if dlq is None:
            dlq = ResidentQueue(
                f"{name}-dlq",
                {"provider": pinned, "key": key, "data_class": data_class},
                opts=pulumi.ResourceOptions(parent=self),
            )
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            retention_in_days=settings["log_retention_days"],
            kms_key_id=key.key_arn,
            tags=tags,
            opts=pinned.options(self),
        )
        role = aws.iam.Role(
            f"{name}-role",
            description=f"Execution role of the resident function {name} ({pinned.region})",
            assume_role_policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
            tags=tags,
            opts=pinned.options(self),
        )
        role_policy = aws.iam.RolePolicy(
            f"{name}-policy",
            role=role.id,
            policy=pulumi.Output.all(log_group.arn, key.key_arn, dlq.queue_arn, dlq.kms_key_arn).apply(
                lambda a: json.dumps(execution_policy(a[0], a[1], a[2], a[3]))
            ),
            opts=pinned.options(self),
        )
        environment = args.get("environment") or {}
        function = aws.lambda_.Function(
            f"{name}-function",
            description=args.get("description", f"{name}: resident in {pinned.region}"),
            role=role.arn,
            code=args["code"],
            handler=settings["handler"],
            runtime=settings["runtime"],
            architectures=[settings["architecture"]],
            memory_size=settings["memory_size"],
            timeout=settings["timeout"],
            kms_key_arn=key.key_arn,
            environment=(aws.lambda_.FunctionEnvironmentArgs(variables=dict(environment)) if environment else None),
            dead_letter_config=aws.lambda_.FunctionDeadLetterConfigArgs(target_arn=dlq.queue_arn),
            logging_config=aws.lambda_.FunctionLoggingConfigArgs(
                log_format="JSON",
                log_group=log_group.name,
                application_log_level="INFO",
                system_log_level="WARN",
            ),
            reserved_concurrent_executions=args.get("reserved_concurrency"),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=[role_policy, log_group]),
        )
        self.function_name = function.name
        self.function_arn = function.arn
        self.invoke_arn = function.invoke_arn
        self.role_arn = role.arn
        self.role_name = role.name
        self.log_group_name = log_group.name
        self.dead_letter_queue_arn = dlq.queue_arn
        self.register_outputs(
            {
                "function_name": self.function_name,
                "function_arn": self.function_arn,
                "invoke_arn": self.invoke_arn,
                "role_arn": self.role_arn,
                "role_name": self.role_name,
                "log_group_name": self.log_group_name,
                "dead_letter_queue_arn": self.dead_letter_queue_arn,
                "region": self.region,
            }
        )


def _int_in(name: str, field: str, value: object, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise refuse(_KIND, name, field, f"{value!r} is not a whole number between {low} and {high}.")
    return value


def _validate(
    name: str, args: ResidentFunctionArgs
) -> tuple[PinnedProvider, ResidentKey, ResidentQueue | None, dict[str, Any], str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    key = require_key(_KIND, name, args["key"], pinned, "function", "use a key of the function's region.")
    if not key.allows_cloudwatch_logs:
        raise refuse(
            _KIND,
            name,
            "key",
            "the key does not allow CloudWatch Logs to use it, so it cannot encrypt "
            "the function's log group; create it with allow_cloudwatch_logs=True.",
        )
    if not isinstance(args.get("code"), pulumi.Archive):
        raise refuse(_KIND, name, "code", "pass a pulumi.FileArchive or pulumi.AssetArchive.")
    architecture = args.get("architecture", "arm64")
    if architecture not in ("arm64", "x86_64"):
        raise refuse(_KIND, name, "architecture", f"{architecture!r} is not 'arm64' or 'x86_64'.")
    settings: dict[str, Any] = {
        "handler": args.get("handler", "index.handler"),
        "runtime": args.get("runtime", "python3.13"),
        "architecture": architecture,
        "memory_size": _int_in(name, "memory_size", args.get("memory_size", 256), 128, 10_240),
        "timeout": _int_in(name, "timeout", args.get("timeout", 10), 1, 900),
        "log_retention_days": check_retention(_KIND, name, args.get("log_retention_days", 7)),
    }
    if "reserved_concurrency" in args:
        _int_in(name, "reserved_concurrency", args["reserved_concurrency"], 0, 1_000_000)
    dlq = args.get("dead_letter_queue")
    if dlq is not None:
        if not isinstance(dlq, ResidentQueue):
            raise refuse(_KIND, name, "dead_letter_queue", "pass a ResidentQueue.")
        if dlq.region != pinned.region:
            raise refuse(
                _KIND,
                name,
                "dead_letter_queue",
                f"the queue is in {dlq.region!r} but the function is "
                f"in {pinned.region!r}; use a dead-letter queue of the function's region.",
            )
    problems = environment_problems(args.get("environment") or {}, pinned.region, pinned.partition, pinned.zone)
    if problems:
        raise refuse(_KIND, name, "environment", " ".join(problems))
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, dlq, settings, data_class


def execution_policy(log_group_arn: str, key_arn: str, queue_arn: str, queue_key_arn: str) -> dict[str, Any]:
    """The function role's only permissions: its own log group, its key, its dead-letter queue."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OwnLogGroup",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": [log_group_arn, f"{log_group_arn}:*"],
            },
            {"Sid": "DecryptEnvironment", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": key_arn},
            {"Sid": "DeadLetterQueue", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue_arn},
            {
                "Sid": "DeadLetterQueueKey",
                "Effect": "Allow",
                "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
                "Resource": queue_key_arn,
            },
        ],
    }
