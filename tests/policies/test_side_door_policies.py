"""side-door-replica-region, side-door-arn and side-door-references."""

from __future__ import annotations

import json

import pytest
from baselines import EU, arn, baseline
from policy_harness import UNKNOWN, Pack, Res, only, provider, single

from residency import catalog as c

ARN_US = (
    f"refers to a resource in us-east-1 (United States), outside {EU}: data sent there leaves the "
    "zone. Point it at a resource in the zone."
)


@pytest.mark.parametrize(
    ("type_token", "props", "path"),
    [
        (
            c.DYNAMODB_TABLE,
            {"replicas": [{"regionName": "eu-west-1"}, {"regionName": "us-east-1"}]},
            "replicas[1].regionName",
        ),
        (c.DYNAMODB_GLOBAL_TABLE, {"replicas": [{"regionName": "us-east-1"}]}, "replicas[0].regionName"),
        (c.SECRETSMANAGER_SECRET, {"replicas": [{"region": "us-east-1"}]}, "replicas[0].region"),
        (
            c.ECR_REPLICATION,
            {"replicationConfiguration": {"rules": [{"destinations": [{"region": "us-east-1"}]}]}},
            "replicationConfiguration.rules[0].destinations[0].region",
        ),
        (c.EFS_REPLICATION, {"destination": {"region": "us-east-1"}}, "destination.region"),
        (c.EC2_VPC_PEERING, {"peerRegion": "us-east-1", "vpcId": "v"}, "peerRegion"),
    ],
)
def test_replica_region_outside_zone(
    pack: Pack, type_token: str, props: dict[str, object], path: str
) -> None:
    d = single(pack.analyze(type_token, props))
    assert (d.policy, d.level) == ("side-door-replica-region", "mandatory")
    assert d.message == (
        f"`{path}` copies data to us-east-1 (United States), outside {EU}. Replicate only "
        "to regions of the zone."
    )


def test_replica_region_spelling_trick(pack: Pack) -> None:
    d = single(pack.analyze(c.DYNAMODB_TABLE, {"replicas": [{"regionName": "EU-WEST-1"}]}))
    assert d.message == (
        "`replicas[0].regionName` is not exactly the name of an AWS region (did you mean "
        "'eu-west-1'?); region names are matched exactly (no case folding or trimming), "
        f"so it counts as outside the zone. Replicate only to regions of {EU}."
    )


def test_unknown_replica_region_is_undetermined(pack: Pack) -> None:
    d = single(pack.analyze(c.SECRETSMANAGER_SECRET, {"replicas": [{"region": UNKNOWN}]}))
    assert (d.policy, d.level) == ("side-door-replica-region", "mandatory")
    assert d.message == (
        f"Undetermined: `replicas[0].region` is unknown during preview; data copied there could leave {EU}."
    )


def test_unknown_replica_list_is_undetermined(pack: Pack) -> None:
    d = single(pack.analyze(c.DYNAMODB_TABLE, {"replicas": UNKNOWN}))
    assert d.message.startswith("Undetermined: `replicas` is unknown during preview")


def test_multi_region_kms_key(pack: Pack) -> None:
    d = single(pack.analyze(c.KMS_KEY, baseline(c.KMS_KEY, multiRegion=True)))
    assert (d.policy, d.level) == ("side-door-replica-region", "mandatory")
    assert d.message == (
        f"`multiRegion` is true: the key material can be replicated to regions outside {EU} "
        "by anyone allowed kms:ReplicateKey. Use a single-Region key."
    )


@pytest.mark.parametrize(
    ("type_token", "props", "path"),
    [
        (
            c.LAMBDA_FUNCTION,
            {"deadLetterConfig": {"targetArn": arn("sqs", "us-east-1", "dlq")}},
            "deadLetterConfig.targetArn",
        ),
        (c.LAMBDA_FUNCTION, {"kmsKeyArn": arn("kms", "us-east-1", "key/k")}, "kmsKeyArn"),
        (
            c.LAMBDA_EVENT_INVOKE_CONFIG,
            {"destinationConfig": {"onSuccess": {"destination": arn("events", "us-east-1", "event-bus/b")}}},
            "destinationConfig.onSuccess.destination",
        ),
        (c.RDS_INSTANCE, {"replicateSourceDb": arn("rds", "us-east-1", "db:primary")}, "replicateSourceDb"),
        (
            c.RDS_CLUSTER,
            {"replicationSourceIdentifier": arn("rds", "us-east-1", "cluster:c")},
            "replicationSourceIdentifier",
        ),
        (
            c.BACKUP_PLAN,
            {"rules": [{"copyActions": [{"destinationVaultArn": arn("backup", "us-east-1", "v")}]}]},
            "rules[0].copyActions[0].destinationVaultArn",
        ),
        (c.KMS_REPLICA_KEY, {"primaryKeyArn": arn("kms", "us-east-1", "key/mrk-1")}, "primaryKeyArn"),
        (
            c.LOG_SUBSCRIPTION_FILTER,
            {"destinationArn": arn("logs", "us-east-1", "destination:d")},
            "destinationArn",
        ),
        (
            c.FIREHOSE_DELIVERY_STREAM,
            {"opensearchConfiguration": {"domainArn": arn("es", "us-east-1", "domain/d")}},
            "opensearchConfiguration.domainArn",
        ),
        (
            c.S3_BUCKET,
            {
                "serverSideEncryptionConfiguration": {
                    "rule": {
                        "applyServerSideEncryptionByDefault": {
                            "kmsMasterKeyId": arn("kms", "us-east-1", "key/k")
                        }
                    }
                }
            },
            "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault.kmsMasterKeyId",
        ),
        (
            "aws:sqs/queue:Queue",
            {"redrivePolicy": json.dumps({"deadLetterTargetArn": arn("sqs", "us-east-1", "d")})},
            "redrivePolicy",
        ),
        (
            "aws:sfn/stateMachine:StateMachine",
            {
                "definition": json.dumps(
                    {"States": {"A": {"Resource": arn("lambda", "us-east-1", "function:f")}}}
                )
            },
            "definition",
        ),
    ],
)
def test_arn_outside_zone(pack: Pack, type_token: str, props: dict[str, object], path: str) -> None:
    d = single(pack.analyze(type_token, props))
    assert (d.policy, d.level, d.message) == ("side-door-arn", "mandatory", f"`{path}` {ARN_US}")


def test_arn_of_another_partition(pack: Pack) -> None:
    props = {"kmsKeyArn": arn("kms", "cn-north-1", "key/k", partition="aws-cn")}
    d = single(pack.analyze(c.LAMBDA_FUNCTION, props))
    assert d.message == (
        f"`kmsKeyArn` refers to a resource in partition aws-cn, but {EU} lies in aws, "
        "aws-eusc: data sent there leaves the zone. Point it at a resource in the zone."
    )


def test_arn_with_malformed_region(pack: Pack) -> None:
    d = single(pack.analyze(c.LAMBDA_FUNCTION, {"kmsKeyArn": arn("kms", "EU-WEST-3", "key/k")}))
    assert d.message.startswith("`kmsKeyArn` holds an ARN whose region is not exactly a known AWS region")


def test_permissions_are_not_side_doors(pack: Pack) -> None:
    props = {
        "action": "lambda:InvokeFunction",
        "principal": "s3.amazonaws.com",
        "sourceArn": arn("sns", "us-east-1", "t"),
    }
    assert pack.analyze(c.LAMBDA_PERMISSION, props) == []
    assert (
        pack.analyze(
            "aws:iam/policy:Policy",
            {"policy": json.dumps({"Resource": arn("sqs", "us-east-1", "q")})},
            provider=provider("eu-west-3"),
        )
        == []
    )


def test_cloudfront_may_use_us_east_1_certificates_only(pack: Pack) -> None:
    props = baseline(c.CLOUDFRONT_DISTRIBUTION)
    assert pack.analyze(c.CLOUDFRONT_DISTRIBUTION, props) == []
    props["origins"] = [
        {
            "originId": "o",
            "domainName": "x",
            "originAccessControlId": "oac",
            "s3OriginConfig": {"originAccessIdentity": arn("sqs", "us-east-1", "q")},
        }
    ]
    assert only(pack.analyze(c.CLOUDFRONT_DISTRIBUTION, props), "side-door-arn")


def test_unknown_arn_is_left_to_the_stack_policy(pack: Pack) -> None:
    assert pack.analyze(c.LAMBDA_FUNCTION, {"deadLetterConfig": {"targetArn": UNKNOWN}}) == []


# ------------------------------------------------------------------------------------------------------------
# S3 destinations: resource level (bucket memory) and stack level (index)
# ------------------------------------------------------------------------------------------------------------

REPLICATION = {"bucket": "src", "rules": [{"destination": {"bucket": "arn:aws:s3:::dst"}}]}


def test_s3_destination_not_seen_is_undetermined(pack: Pack) -> None:
    d = single(pack.analyze(c.S3_REPLICATION, REPLICATION))
    assert (d.policy, d.level) == ("side-door-arn", "mandatory")
    assert d.message == (
        f"Undetermined: the S3 bucket at `rules[0].destination.bucket` cannot be checked against {EU}: "
        "bucket ARNs carry no region and the bucket was not analysed earlier in this deployment; the stack "
        "policy side-door-references decides it."
    )


def test_s3_destination_seen_in_zone_passes(pack: Pack) -> None:
    assert pack.analyze(c.S3_BUCKET, {"bucket": "dst"}, provider=provider("eu-central-1")) == []
    assert pack.analyze(c.S3_REPLICATION, REPLICATION) == []


def test_s3_destination_seen_outside_zone_fails(pack: Pack) -> None:
    pack.analyze(c.S3_BUCKET, {"bucket": "dst"}, provider=provider("us-east-2"))
    d = single(pack.analyze(c.S3_REPLICATION, REPLICATION))
    assert d.message == (
        "`rules[0].destination.bucket` names an S3 bucket in us-east-2 (United States), "
        f"outside {EU}: data sent there leaves the zone. Point it at a resource in the "
        "zone."
    )


def test_stack_s3_destination_outside_the_stack(pack: Pack) -> None:
    repl = Res(c.S3_REPLICATION, "repl", REPLICATION)
    d = single(pack.analyze_stack([repl]))
    assert (d.policy, d.level, d.urn) == ("side-door-references", "mandatory", repl.urn)
    assert d.message == (
        "`rules[0].destination.bucket` names an S3 bucket that is not a bucket of this "
        f"stack; bucket ARNs carry no region, so it cannot be shown to be in {EU}. Use a "
        "bucket of this stack."
    )


def test_stack_s3_destination_in_stack_outside_zone(pack: Pack) -> None:
    dst = Res(c.S3_BUCKET, "dst", {"bucket": "dst", "arn": "arn:aws:s3:::dst", "region": "us-west-2"})
    repl = Res(c.S3_REPLICATION, "repl", REPLICATION)
    d = single(only(pack.analyze_stack([dst, repl]), "side-door-references"))
    assert d.urn == repl.urn
    assert d.message == (
        "`rules[0].destination.bucket` names bucket 'dst' in us-west-2 (United States), "
        f"outside {EU}: data sent there leaves the zone."
    )


def test_stack_unknown_destination_resolved_through_dependencies(pack: Pack) -> None:
    queue = Res("aws:sqs/queue:Queue", "dlq", {"arn": UNKNOWN, "region": "eu-west-3"})
    fn = Res(
        c.LAMBDA_FUNCTION,
        "fn",
        {"deadLetterConfig": {"targetArn": UNKNOWN}},
        property_dependencies={"deadLetterConfig": [queue.urn]},
    )
    assert pack.analyze_stack([queue, fn]) == []


def test_stack_unknown_destination_derived_from_resource_outside_zone(pack: Pack) -> None:
    queue = Res("aws:sqs/queue:Queue", "dlq", {"arn": UNKNOWN}, provider=provider("us-east-1", name="us"))
    fn = Res(
        c.LAMBDA_FUNCTION,
        "fn",
        {"deadLetterConfig": {"targetArn": UNKNOWN}},
        property_dependencies={"deadLetterConfig": [queue.urn]},
    )
    d = single(pack.analyze_stack([queue, fn]))
    assert (d.policy, d.level, d.urn) == ("side-door-references", "mandatory", fn.urn)
    assert d.message == (
        "`deadLetterConfig.targetArn` derives from 'dlq' (aws:sqs/queue:Queue) in us-east-1 "
        f"(United States), outside {EU}: data sent there leaves the zone."
    )


def test_stack_unknown_destination_from_nowhere_is_undetermined(pack: Pack) -> None:
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"deadLetterConfig": {"targetArn": UNKNOWN}})
    d = single(pack.analyze_stack([fn]))
    assert (d.policy, d.level) == ("side-door-references", "mandatory")
    assert d.message == (
        "Undetermined: `deadLetterConfig.targetArn` is unknown at preview and derives from "
        f"nothing in this stack (another stack or a computed value), so {EU} cannot be "
        "checked."
    )


def test_stack_unknown_role_arn_does_not_decide_residency(pack: Pack) -> None:
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"role": UNKNOWN, "executionRoleArn": UNKNOWN})
    assert pack.analyze_stack([fn]) == []
