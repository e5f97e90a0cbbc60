"""ResidentBucket: an S3 bucket that keeps customer content in the zone, optionally replicated inside it."""

from __future__ import annotations

import json
from typing import Any, Literal, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import (
    TYPE_PREFIX,
    check_data_class,
    check_other_regions,
    deny_insecure_transport,
    refuse,
    service_principal,
)
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentBucket"


class ObjectLock(TypedDict):
    """Default retention applied to every new object version."""

    mode: Literal["GOVERNANCE", "COMPLIANCE"]
    """``GOVERNANCE`` (privileged users may shorten it) or ``COMPLIANCE`` (nobody can, not even root)."""

    days: int
    """Retention in days, at least 1."""


class ResidentBucketArgs(TypedDict):
    """Arguments of :class:`ResidentBucket`."""

    provider: PinnedProvider
    """The pinned provider: the bucket is created in its region."""

    key: ResidentKey
    """The customer-managed key that encrypts every object; it must be in the provider's region."""

    replica_key: NotRequired[ResidentKey]
    """Replicate every object to a replica bucket created in this key's region, encrypted with this key. The
    region must be another region of the same zone; anything else is refused before any resource exists."""

    expire_after_days: NotRequired[int]
    """Delete current object versions this many days after creation (lifecycle rule); absent means never."""

    expire_noncurrent_after_days: NotRequired[int]
    """Delete noncurrent versions this many days after they became noncurrent; absent means never."""

    object_lock: NotRequired[ObjectLock]
    """Enable S3 Object Lock with this default retention (write once, read many)."""

    force_destroy: NotRequired[bool]
    """Let ``pulumi destroy`` delete a bucket that still holds objects (development stacks only); defaults
    to ``False``."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentBucket(pulumi.ComponentResource):
    """An S3 bucket for customer content, pinned to the provider's region.

    Fixed: SSE-KMS with the given in-region customer-managed key (S3 Bucket Keys on), versioning, all four
    public-access blocks, ``BucketOwnerEnforced`` ownership (ACLs disabled) and a bucket policy that denies
    any request not made over TLS. Optional: lifecycle expiry, Object Lock, and replication to one other
    region of the same zone, whose replica bucket gets the same settings.
    """

    bucket_name: pulumi.Output[str]
    """The bucket's name."""

    bucket_arn: pulumi.Output[str]
    """The bucket's ARN (S3 ARNs carry no region: the region is the provider's)."""

    replica_bucket_name: pulumi.Output[str] | None
    """The replica bucket's name, when replication is on."""

    replica_bucket_arn: pulumi.Output[str] | None
    """The replica bucket's ARN, when replication is on."""

    replica_region: str | None
    """The replica's region, when replication is on."""

    region: str
    """The bucket's region."""

    def __init__(self, name: str, args: ResidentBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, replica_key, lock, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region
        tags = pinned.tags(data_class)
        force_destroy = bool(args.get("force_destroy", False))

        bucket = aws.s3.Bucket(
            f"{name}-bucket",
            object_lock_enabled=lock is not None,
            force_destroy=force_destroy,
            tags=tags,
            opts=pinned.options(self),
        )
        versioning = _harden(name, "", bucket, key, pinned, self)
        self.bucket_name = bucket.bucket
        self.bucket_arn = bucket.arn

        expire = args.get("expire_after_days")
        expire_noncurrent = args.get("expire_noncurrent_after_days")
        if expire is not None or expire_noncurrent is not None:
            aws.s3.BucketLifecycleConfiguration(
                f"{name}-lifecycle",
                bucket=bucket.id,
                rules=[
                    aws.s3.BucketLifecycleConfigurationRuleArgs(
                        id="expire",
                        status="Enabled",
                        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                        abort_incomplete_multipart_upload=(
                            aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                                days_after_initiation=7
                            )
                        ),
                        expiration=(
                            aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=expire)
                            if expire is not None
                            else None
                        ),
                        noncurrent_version_expiration=(
                            aws.s3.BucketLifecycleConfigurationRuleNoncurrentVersionExpirationArgs(
                                noncurrent_days=expire_noncurrent
                            )
                            if expire_noncurrent is not None
                            else None
                        ),
                    )
                ],
                opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=[versioning]),
            )

        if lock is not None:
            aws.s3.BucketObjectLockConfiguration(
                f"{name}-object-lock",
                bucket=bucket.id,
                object_lock_enabled="Enabled",
                rule=aws.s3.BucketObjectLockConfigurationRuleArgs(
                    default_retention=aws.s3.BucketObjectLockConfigurationRuleDefaultRetentionArgs(
                        mode=lock["mode"], days=lock["days"]
                    )
                ),
                opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=[versioning]),
            )

        self.replica_bucket_name = None
        self.replica_bucket_arn = None
        self.replica_region = None
        if replica_key is not None:
            replica_pinned = replica_key.provider
            replica = aws.s3.Bucket(
                f"{name}-replica-bucket",
                object_lock_enabled=lock is not None,
                force_destroy=force_destroy,
                tags=replica_pinned.tags(data_class),
                opts=replica_pinned.options(self),
            )
            replica_versioning = _harden(name, "replica-", replica, replica_key, replica_pinned, self)
            self.replica_bucket_name = replica.bucket
            self.replica_bucket_arn = replica.arn
            self.replica_region = replica_pinned.region

            role = aws.iam.Role(
                f"{name}-replication-role",
                description=f"S3 replication of {name} from {pinned.region} to {replica_pinned.region}",
                assume_role_policy=json.dumps(_assume_role("s3.amazonaws.com")),
                tags=tags,
                opts=pinned.options(self),
            )
            role_policy = aws.iam.RolePolicy(
                f"{name}-replication-policy",
                role=role.id,
                policy=pulumi.Output.all(bucket.arn, replica.arn, key.key_arn, replica_key.key_arn).apply(
                    lambda a: json.dumps(
                        replication_policy(
                            a[0], a[1], a[2], a[3], pinned.region, replica_pinned.region, pinned.partition
                        )
                    )
                ),
                opts=pinned.options(self),
            )
            aws.s3.BucketReplicationConfig(
                f"{name}-replication",
                bucket=bucket.id,
                role=role.arn,
                rules=[
                    aws.s3.BucketReplicationConfigRuleArgs(
                        id="resident-replica",
                        status="Enabled",
                        priority=0,
                        filter=aws.s3.BucketReplicationConfigRuleFilterArgs(prefix=""),
                        delete_marker_replication=aws.s3.BucketReplicationConfigRuleDeleteMarkerReplicationArgs(
                            status="Enabled"
                        ),
                        source_selection_criteria=aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaArgs(
                            sse_kms_encrypted_objects=(
                                aws.s3.BucketReplicationConfigRuleSourceSelectionCriteriaSseKmsEncryptedObjectsArgs(
                                    status="Enabled"
                                )
                            )
                        ),
                        destination=aws.s3.BucketReplicationConfigRuleDestinationArgs(
                            bucket=replica.arn,
                            storage_class="STANDARD",
                            encryption_configuration=(
                                aws.s3.BucketReplicationConfigRuleDestinationEncryptionConfigurationArgs(
                                    replica_kms_key_id=replica_key.key_arn
                                )
                            ),
                        ),
                    )
                ],
                opts=pulumi.ResourceOptions(
                    parent=self,
                    provider=pinned.provider,
                    depends_on=[versioning, replica_versioning, role_policy],
                ),
            )

        self.register_outputs(
            {
                "bucket_name": self.bucket_name,
                "bucket_arn": self.bucket_arn,
                "replica_bucket_name": self.replica_bucket_name,
                "replica_bucket_arn": self.replica_bucket_arn,
                "replica_region": self.replica_region,
                "region": self.region,
            }
        )


def _validate(
    name: str, args: ResidentBucketArgs
) -> tuple[PinnedProvider, ResidentKey, ResidentKey | None, ObjectLock | None, str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    key = require_key(_KIND, name, args["key"], pinned, "bucket", "S3 encrypts with a key of the bucket's own region.")
    replica_key = args.get("replica_key")
    if replica_key is not None:
        if not isinstance(replica_key, ResidentKey):
            raise refuse(_KIND, name, "replica_key", "pass a ResidentKey created in the replica's region.")
        check_other_regions(_KIND, name, "replica_key", pinned.region, [replica_key.region], pinned.zone)
    for field in ("expire_after_days", "expire_noncurrent_after_days"):
        days = args.get(field)
        if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 1):
            raise refuse(_KIND, name, field, f"{days!r} is not a number of days (1 or more).")
    lock = args.get("object_lock")
    if lock is not None:
        if lock.get("mode") not in ("GOVERNANCE", "COMPLIANCE"):
            raise refuse(_KIND, name, "object_lock.mode", f"{lock.get('mode')!r} is not 'GOVERNANCE' or 'COMPLIANCE'.")
        days = lock.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise refuse(_KIND, name, "object_lock.days", f"{days!r} is not a number of days (1 or more).")
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, replica_key, lock, data_class


def _harden(
    name: str,
    role: str,
    bucket: aws.s3.Bucket,
    key: ResidentKey,
    pinned: PinnedProvider,
    parent: pulumi.Resource,
) -> aws.s3.BucketVersioning:
    """The settings every resident bucket gets, primary or replica; returns the versioning resource."""
    opts = pinned.options(parent)
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{name}-{role}encryption",
        bucket=bucket.id,
        rules=[
            aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
                apply_server_side_encryption_by_default=(
                    aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
                        sse_algorithm="aws:kms", kms_master_key_id=key.key_arn
                    )
                ),
                bucket_key_enabled=True,
            )
        ],
        opts=opts,
    )
    versioning = aws.s3.BucketVersioning(
        f"{name}-{role}versioning",
        bucket=bucket.id,
        versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
        opts=opts,
    )
    public_access = aws.s3.BucketPublicAccessBlock(
        f"{name}-{role}public-access-block",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=opts,
    )
    aws.s3.BucketOwnershipControls(
        f"{name}-{role}ownership",
        bucket=bucket.id,
        rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
        opts=opts,
    )
    aws.s3.BucketPolicy(
        f"{name}-{role}policy",
        bucket=bucket.id,
        policy=bucket.arn.apply(lambda arn: json.dumps(deny_insecure_transport("s3:*", [arn, f"{arn}/*"]))),
        opts=pulumi.ResourceOptions(parent=parent, provider=pinned.provider, depends_on=[public_access]),
    )
    return versioning


def _assume_role(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    }


def replication_policy(
    source_arn: str,
    replica_arn: str,
    source_key: str,
    replica_key: str,
    source_region: str,
    replica_region: str,
    partition: str,
) -> dict[str, Any]:
    """Least privilege for S3 replication: read the source, write the replica, use each key only through S3
    of its own region."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                "Resource": source_arn,
            },
            {
                "Effect": "Allow",
                "Action": [
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                    "s3:GetObjectRetention",
                    "s3:GetObjectLegalHold",
                ],
                "Resource": f"{source_arn}/*",
            },
            {
                "Effect": "Allow",
                "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                "Resource": f"{replica_arn}/*",
            },
            {
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": source_key,
                "Condition": {"StringEquals": {"kms:ViaService": service_principal("s3", source_region, partition)}},
            },
            {
                "Effect": "Allow",
                "Action": ["kms:Encrypt", "kms:GenerateDataKey"],
                "Resource": replica_key,
                "Condition": {"StringEquals": {"kms:ViaService": service_principal("s3", replica_region, partition)}},
            },
        ],
    }
