"""ResidentQueue: an SQS queue encrypted with an in-region key (the dead-letter queue of functions)."""

from __future__ import annotations

import json
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_data_class, deny_insecure_transport, refuse
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentQueue"

#: SQS keeps messages at most 14 days.
MAX_RETENTION_SECONDS = 1_209_600


class ResidentQueueArgs(TypedDict):
    """Arguments of :class:`ResidentQueue`."""

    provider: PinnedProvider
    """The pinned provider: the queue is created in its region."""

    key: ResidentKey
    """The customer-managed key that encrypts messages; it must be in the provider's region."""

    message_retention_seconds: NotRequired[int]
    """How long SQS keeps a message, 60 to 1,209,600 seconds; defaults to 14 days (the maximum, useful for a
    dead-letter queue)."""

    visibility_timeout_seconds: NotRequired[int]
    """How long a received message stays hidden from other consumers, 0 to 43,200 seconds; defaults to 30."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentQueue(pulumi.ComponentResource):
    """A standard SQS queue pinned to the provider's region.

    Fixed: SSE-KMS with the in-region customer-managed key (data keys reused for 5 minutes) and a queue policy
    that denies any request not made over TLS.
    """

    queue_url: pulumi.Output[str]
    """The queue's URL."""

    queue_arn: pulumi.Output[str]
    """The queue's ARN (carries the region)."""

    queue_name: pulumi.Output[str]
    """The queue's name."""

    kms_key_arn: pulumi.Output[str]
    """The ARN of the key that encrypts the queue (producers need ``kms:GenerateDataKey`` on it)."""

    region: str
    """The queue's region."""

    def __init__(self, name: str, args: ResidentQueueArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned = require_pinned(_KIND, name, args["provider"])
        key = require_key(
            _KIND, name, args["key"], pinned, "queue", "SQS encrypts with a key of the queue's own region."
        )
        retention = args.get("message_retention_seconds", MAX_RETENTION_SECONDS)
        if (
            not isinstance(retention, int)
            or isinstance(retention, bool)
            or not 60 <= retention <= MAX_RETENTION_SECONDS
        ):
            raise refuse(
                _KIND,
                name,
                "message_retention_seconds",
                f"{retention!r} is not between 60 and {MAX_RETENTION_SECONDS} seconds.",
            )
        visibility = args.get("visibility_timeout_seconds", 30)
        if not isinstance(visibility, int) or isinstance(visibility, bool) or not 0 <= visibility <= 43_200:
            raise refuse(
                _KIND,
                name,
                "visibility_timeout_seconds",
                f"{visibility!r} is not between 0 and 43200 seconds.",
            )
        data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region

        queue = aws.sqs.Queue(
            f"{name}-queue",
            kms_master_key_id=key.key_arn,
            kms_data_key_reuse_period_seconds=300,
            message_retention_seconds=retention,
            visibility_timeout_seconds=visibility,
            tags=pinned.tags(data_class),
            opts=pinned.options(self),
        )
        aws.sqs.QueuePolicy(
            f"{name}-policy",
            queue_url=queue.url,
            policy=queue.arn.apply(lambda arn: json.dumps(deny_insecure_transport("sqs:*", arn))),
            opts=pinned.options(self),
        )
        self.queue_url = queue.url
        self.queue_arn = queue.arn
        self.queue_name = queue.name
        self.kms_key_arn = key.key_arn
        self.register_outputs(
            {
                "queue_url": self.queue_url,
                "queue_arn": self.queue_arn,
                "queue_name": self.queue_name,
                "kms_key_arn": self.kms_key_arn,
                "region": self.region,
            }
        )
