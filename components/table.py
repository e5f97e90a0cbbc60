"""ResidentTable: a DynamoDB table encrypted with an in-region key, with replicas only inside the zone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_data_class, check_other_regions, refuse
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentTable"

AttributeType = Literal["S", "N", "B"]


class ResidentTableArgs(TypedDict):
    """Arguments of :class:`ResidentTable`."""

    provider: PinnedProvider
    """The pinned provider: the table is created in its region."""

    key: ResidentKey
    """The customer-managed key that encrypts the table; it must be in the provider's region."""

    hash_key: str
    """The partition key attribute name."""

    hash_key_type: NotRequired[AttributeType]
    """The partition key's type: ``S`` (string, the default), ``N`` (number) or ``B`` (binary)."""

    range_key: NotRequired[str]
    """The sort key attribute name, if the table has one."""

    range_key_type: NotRequired[AttributeType]
    """The sort key's type; defaults to ``S``."""

    ttl_attribute: NotRequired[str]
    """An attribute holding an expiry time (epoch seconds); items expire after it."""

    replica_keys: NotRequired[Sequence[ResidentKey]]
    """One key per replica: a replica of the table is created in each key's region, encrypted with that
    key. Every region must be another region of the same zone; anything else is refused."""

    deletion_protection: NotRequired[bool]
    """Refuse ``DeleteTable`` until this is turned off; defaults to ``True``."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentTable(pulumi.ComponentResource):
    """An on-demand DynamoDB table for customer content, pinned to the provider's region.

    Fixed: server-side encryption with the in-region customer-managed key, point-in-time recovery on the table
    and on every replica, replicas only in other regions of the zone, each with a key of its own region.
    """

    table_name: pulumi.Output[str]
    """The table's name."""

    table_arn: pulumi.Output[str]
    """The table's ARN (carries the region)."""

    replica_regions: list[str]
    """The regions holding replicas (plain, sorted)."""

    region: str
    """The table's region."""

    def __init__(self, name: str, args: ResidentTableArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, replica_keys, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region
        self.replica_regions = sorted(k.region for k in replica_keys)

        attributes = [aws.dynamodb.TableAttributeArgs(name=args["hash_key"], type=args.get("hash_key_type", "S"))]
        range_key = args.get("range_key")
        if range_key is not None:
            attributes.append(aws.dynamodb.TableAttributeArgs(name=range_key, type=args.get("range_key_type", "S")))
        ttl_attribute = args.get("ttl_attribute")
        table = aws.dynamodb.Table(
            f"{name}-table",
            billing_mode="PAY_PER_REQUEST",
            hash_key=args["hash_key"],
            range_key=range_key,
            attributes=attributes,
            server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True, kms_key_arn=key.key_arn),
            point_in_time_recovery=aws.dynamodb.TablePointInTimeRecoveryArgs(enabled=True),
            deletion_protection_enabled=bool(args.get("deletion_protection", True)),
            ttl=(
                aws.dynamodb.TableTtlArgs(enabled=True, attribute_name=ttl_attribute)
                if ttl_attribute is not None
                else None
            ),
            # Global tables (version 2019.11.21) replicate through the table's stream.
            stream_enabled=True if replica_keys else None,
            stream_view_type="NEW_AND_OLD_IMAGES" if replica_keys else None,
            replicas=[
                aws.dynamodb.TableReplicaArgs(
                    region_name=replica.region,
                    kms_key_arn=replica.key_arn,
                    point_in_time_recovery=True,
                    propagate_tags=True,
                )
                for replica in sorted(replica_keys, key=lambda k: k.region)
            ]
            or None,
            tags=pinned.tags(data_class),
            opts=pinned.options(self),
        )
        self.table_name = table.name
        self.table_arn = table.arn
        self.register_outputs(
            {
                "table_name": self.table_name,
                "table_arn": self.table_arn,
                "replica_regions": self.replica_regions,
                "region": self.region,
            }
        )


_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9_.-]{1,255}")


def _validate(name: str, args: ResidentTableArgs) -> tuple[PinnedProvider, ResidentKey, list[ResidentKey], str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    key = require_key(
        _KIND, name, args["key"], pinned, "table", "DynamoDB encrypts with a key of the table's own region."
    )
    for field in ("hash_key", "range_key", "ttl_attribute"):
        value = args.get(field)
        if (field == "hash_key" or value is not None) and (
            not isinstance(value, str) or not _ATTRIBUTE_NAME.fullmatch(value)
        ):
            raise refuse(_KIND, name, field, f"{value!r} is not an attribute name (letters, digits, '_', '-', '.').")
    for field in ("hash_key_type", "range_key_type"):
        kind = args.get(field, "S")
        if kind not in ("S", "N", "B"):
            raise refuse(_KIND, name, field, f"{kind!r} is not a key type; use 'S', 'N' or 'B'.")
    if "range_key_type" in args and "range_key" not in args:
        raise refuse(_KIND, name, "range_key_type", "given without range_key.")
    replica_keys = list(args.get("replica_keys", ()))
    for replica in replica_keys:
        if not isinstance(replica, ResidentKey):
            raise refuse(_KIND, name, "replica_keys", "pass ResidentKeys created in the replicas' regions.")
    check_other_regions(_KIND, name, "replica_keys", pinned.region, [k.region for k in replica_keys], pinned.zone)
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, replica_keys, data_class
