"""ResidentBucket: encrypted, versioned, private, TLS-only, replicated only inside the zone."""

from __future__ import annotations

import json

import pytest

from residency.components import ComponentArgumentError, PinnedProvider, ResidentBucket, ResidentKey

S3 = "aws:s3/"
BUCKET = "aws:s3/bucket:Bucket"
ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
PUBLIC_ACCESS = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
POLICY = "aws:s3/bucketPolicy:BucketPolicy"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration"
REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"


def build(replica: tuple[str, str] | None = None, **bucket_args):
    """Paris bucket; ``replica`` = (region, zone of the replica's provider)."""

    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3", "zone": "eu"})
        key = ResidentKey("paris", {"provider": pinned})
        extra = {}
        if replica is not None:
            other = PinnedProvider("replica", {"region": replica[0], "zone": replica[1]})
            extra["replica_key"] = ResidentKey("replica", {"provider": other})
        ResidentBucket("content", {"provider": pinned, "key": key, **extra, **bucket_args})

    return program


def key_arn(recording, name: str) -> str:
    return recording.one("aws:kms/key:Key", name).state["arn"]


def test_every_bucket_setting(program) -> None:
    recording = program(build())
    bucket = recording.one(BUCKET)
    assert bucket.name == "content-bucket"
    assert recording.provider_region(bucket) == "eu-west-3"
    assert bucket.inputs["objectLockEnabled"] is False
    assert bucket.inputs["forceDestroy"] is False
    assert bucket.inputs["tags"] == {"data-class": "customer-content"}
    for legacy in (
        "serverSideEncryptionConfiguration",
        "versioning",
        "acl",
        "policy",
        "replicationConfiguration",
    ):
        assert legacy not in bucket.inputs

    (rule,) = recording.one(ENCRYPTION).inputs["rules"]
    assert rule["applyServerSideEncryptionByDefault"] == {
        "sseAlgorithm": "aws:kms",
        "kmsMasterKeyId": key_arn(recording, "paris-key"),
    }
    assert key_arn(recording, "paris-key").startswith("arn:aws:kms:eu-west-3:")
    assert rule["bucketKeyEnabled"] is True

    assert recording.one(VERSIONING).inputs["versioningConfiguration"] == {"status": "Enabled"}
    access = recording.one(PUBLIC_ACCESS).inputs
    assert [
        access[k]
        for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    ] == [True, True, True, True]
    assert recording.one(OWNERSHIP).inputs["rule"] == {"objectOwnership": "BucketOwnerEnforced"}

    policy = json.loads(recording.one(POLICY).inputs["policy"])
    assert policy["Statement"] == [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": ["arn:aws:s3:::content-bucket", "arn:aws:s3:::content-bucket/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ]
    assert recording.one(PUBLIC_ACCESS).urn in recording.one(POLICY).dependencies

    for child in recording.resources:
        if child.type.startswith(S3):
            assert child.type == BUCKET or child.inputs["bucket"] == "content-bucket"
            assert recording.provider_region(child) == "eu-west-3"
    for absent in (LIFECYCLE, OBJECT_LOCK, REPLICATION):
        assert recording.of_type(absent) == []

    # The replica outputs are registered as None, which the engine drops.
    assert recording.one("residency:components:ResidentBucket").outputs == {
        "bucket_name": "content-bucket",
        "bucket_arn": "arn:aws:s3:::content-bucket",
        "region": "eu-west-3",
    }


def test_lifecycle_and_object_lock(program) -> None:
    recording = program(
        build(
            expire_after_days=365,
            expire_noncurrent_after_days=30,
            object_lock={"mode": "COMPLIANCE", "days": 90},
            force_destroy=True,
        )
    )
    assert recording.one(BUCKET).inputs["objectLockEnabled"] is True
    assert recording.one(BUCKET).inputs["forceDestroy"] is True
    (rule,) = recording.one(LIFECYCLE).inputs["rules"]
    assert rule["status"] == "Enabled"
    assert rule["expiration"] == {"days": 365}
    assert rule["noncurrentVersionExpiration"] == {"noncurrentDays": 30}
    assert rule["abortIncompleteMultipartUpload"] == {"daysAfterInitiation": 7}
    lock = recording.one(OBJECT_LOCK).inputs
    assert lock["objectLockEnabled"] == "Enabled"
    assert lock["rule"] == {"defaultRetention": {"mode": "COMPLIANCE", "days": 90}}


def test_replication_stays_in_the_zone(program) -> None:
    recording = program(build(replica=("eu-central-1", "eu")))
    replica = recording.one(BUCKET, "content-replica-bucket")
    assert recording.provider_region(replica) == "eu-central-1"
    replica_key = key_arn(recording, "replica-key")
    assert replica_key.startswith("arn:aws:kms:eu-central-1:")
    # The replica gets the same hardening, in its own region, with its own key.
    for type_ in (ENCRYPTION, VERSIONING, PUBLIC_ACCESS, OWNERSHIP, POLICY):
        (twin,) = [r for r in recording.of_type(type_) if r.inputs["bucket"] == "content-replica-bucket"]
        assert recording.provider_region(twin) == "eu-central-1"
    (replica_encryption,) = [
        r for r in recording.of_type(ENCRYPTION) if r.inputs["bucket"] == "content-replica-bucket"
    ]
    assert (
        replica_encryption.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"]
        == replica_key
    )

    replication = recording.one(REPLICATION)
    assert recording.provider_region(replication) == "eu-west-3"
    assert replication.inputs["bucket"] == "content-bucket"
    assert replication.inputs["role"] == recording.one("aws:iam/role:Role").state["arn"]
    (rule,) = replication.inputs["rules"]
    assert rule["status"] == "Enabled"
    assert rule["destination"]["bucket"] == "arn:aws:s3:::content-replica-bucket"
    assert rule["destination"]["encryptionConfiguration"] == {"replicaKmsKeyId": replica_key}
    assert rule["sourceSelectionCriteria"] == {"sseKmsEncryptedObjects": {"status": "Enabled"}}

    role_policy = json.loads(recording.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])
    via = {
        s["Resource"]: s["Condition"]["StringEquals"]["kms:ViaService"]
        for s in role_policy["Statement"]
        if "Condition" in s
    }
    assert via == {
        key_arn(recording, "paris-key"): "s3.eu-west-3.amazonaws.com",
        replica_key: "s3.eu-central-1.amazonaws.com",
    }
    outputs = recording.one("residency:components:ResidentBucket").outputs
    assert outputs["replica_region"] == "eu-central-1"
    assert outputs["replica_bucket_arn"] == "arn:aws:s3:::content-replica-bucket"


@pytest.mark.parametrize(
    ("replica", "message"),
    [
        (
            ("eu-west-2", "gb"),
            "ResidentBucket 'content': replica_key: region 'eu-west-2' is outside the residency zone 'eu'",
        ),
        (("eu-central-2", "ch"), "region 'eu-central-2' is outside the residency zone 'eu'"),
        (("us-east-1", "us"), "region 'us-east-1' is outside the residency zone 'eu'"),
        (("eu-west-3", "eu"), "a replica must be in another region of the zone than 'eu-west-3'"),
    ],
)
def test_replication_outside_the_zone_is_refused_before_any_resource(refused, replica, message: str) -> None:
    error, recording = refused(build(replica=replica))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert [r for r in recording.resources if r.type.startswith(S3) or "ResidentBucket" in r.type] == []
    assert recording.of_type(REPLICATION) == []


def test_key_of_another_region_is_refused(refused) -> None:
    def program() -> None:
        paris = PinnedProvider("paris", {"region": "eu-west-3"})
        frankfurt = PinnedProvider("frankfurt", {"region": "eu-central-1"})
        ResidentBucket("content", {"provider": paris, "key": ResidentKey("k", {"provider": frankfurt})})

    error, recording = refused(program)
    assert (
        "ResidentBucket 'content': key: the key is in 'eu-central-1' but the bucket is in 'eu-west-3'"
        in str(error)
    )
    assert recording.of_type(BUCKET) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"expire_after_days": 0}, "expire_after_days: 0 is not a number of days"),
        ({"object_lock": {"mode": "LEGAL", "days": 1}}, "object_lock.mode: 'LEGAL' is not 'GOVERNANCE' or"),
        ({"object_lock": {"mode": "GOVERNANCE", "days": 0}}, "object_lock.days: 0 is not a number of days"),
    ],
)
def test_bad_arguments_are_refused(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert message in str(error)
    assert recording.of_type(BUCKET) == []
