"""ResidentKey: a customer-managed KMS key in the pinned region, single-region, with rotation on."""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_data_class, refuse, service_principal
from .provider import PinnedProvider

_KIND = "ResidentKey"


class ResidentKeyArgs(TypedDict):
    """Arguments of :class:`ResidentKey`."""

    provider: PinnedProvider
    """The pinned provider: the key is created in its region."""

    description: NotRequired[str]
    """What the key protects, shown in the KMS console."""

    allow_cloudwatch_logs: NotRequired[bool]
    """Let the CloudWatch Logs service of the key's region encrypt log groups of this account and region with
    the key (required by :class:`ResidentFunction` and :class:`ResidentEndpoint`). Defaults to ``False``."""

    deletion_window_in_days: NotRequired[int]
    """Days between scheduling deletion and deleting the key, 7 to 30; defaults to 30."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentKey(pulumi.ComponentResource):
    """A symmetric customer-managed KMS key created in the pinned region.

    Fixed: automatic rotation on, never a multi-region key, a key policy that delegates to IAM in the key's
    own account and, when asked, lets only the CloudWatch Logs service *of the same region* use it for log
    groups of the same account and region.
    """

    key_arn: pulumi.Output[str]
    """The key's ARN (carries the region)."""

    key_id: pulumi.Output[str]
    """The key's id."""

    region: str
    """The key's region (plain, known at program time)."""

    provider: PinnedProvider
    """The pinned provider the key was created with (so other components can check regions)."""

    allows_cloudwatch_logs: bool
    """Whether the key policy admits the region's CloudWatch Logs service."""

    def __init__(self, name: str, args: ResidentKeyArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned = args["provider"]
        if not isinstance(pinned, PinnedProvider):
            raise refuse(
                _KIND,
                name,
                "provider",
                "pass a PinnedProvider (an aws.Provider alone does not say its region at program time).",
            )
        window = args.get("deletion_window_in_days", 30)
        if not isinstance(window, int) or not 7 <= window <= 30:
            raise refuse(_KIND, name, "deletion_window_in_days", f"{window!r} is not between 7 and 30.")
        allow_logs = bool(args.get("allow_cloudwatch_logs", False))
        data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)

        self.provider = pinned
        self.region = pinned.region
        self.allows_cloudwatch_logs = allow_logs
        region, partition = pinned.region, pinned.partition
        policy = pinned.account_id.apply(
            lambda account: json.dumps(key_policy(account, region, partition, allow_logs), sort_keys=True)
        )
        key = aws.kms.Key(
            f"{name}-key",
            description=args.get("description", f"{name}: customer content resident in {region}"),
            key_usage="ENCRYPT_DECRYPT",
            customer_master_key_spec="SYMMETRIC_DEFAULT",
            enable_key_rotation=True,
            multi_region=False,
            deletion_window_in_days=window,
            policy=policy,
            tags=pinned.tags(data_class),
            opts=pinned.options(self),
        )
        self.key_arn = key.arn
        self.key_id = key.key_id
        self.register_outputs({"key_arn": self.key_arn, "key_id": self.key_id})


def key_policy(account: str, region: str, partition: str, allow_logs: bool) -> dict[str, Any]:
    """The key policy: IAM in the owning account administers and uses the key; optionally CloudWatch Logs of
    ``region`` may use it, only for log groups of that account and region."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "AccountAdministersKeyThroughIam",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if allow_logs:
        statements.append(
            {
                "Sid": "CloudWatchLogsOfThisRegion",
                "Effect": "Allow",
                "Principal": {"Service": service_principal("logs", region, partition)},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
                "Condition": {
                    "ArnLike": {
                        "kms:EncryptionContext:aws:logs:arn": (f"arn:{partition}:logs:{region}:{account}:log-group:*")
                    }
                },
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def require_key(kind: str, name: str, value: object, pinned: PinnedProvider, noun: str, reason: str) -> ResidentKey:
    """The ``key`` argument of a component: a :class:`ResidentKey` in the component's own region.

    ``noun`` names what the component creates (``bucket``) and ``reason`` says why the key must be local.
    """
    if not isinstance(value, ResidentKey):
        raise refuse(kind, name, "key", f"pass a ResidentKey created in the {noun}'s region.")
    if value.region != pinned.region:
        raise refuse(
            kind, name, "key", f"the key is in {value.region!r} but the {noun} is in {pinned.region!r}; {reason}"
        )
    return value
