"""side-door-destination, side-door-references and side-door-multi-region: every reference kind, resolved."""

from __future__ import annotations

import json

import pytest
from baselines import EU, arn, baseline
from policy_harness import UNKNOWN, Pack, Res, only, provider, single

from residency import catalog as c

DEST = "side-door-destination"
REFS = "side-door-references"
LEAVES = (
    "data sent there leaves the zone. Point it at a resource in the zone, or list an external destination with "
    "its country in the pack configuration (`externalDestinations`)."
)


def dest(pack: Pack, type_token: str, props: dict[str, object], **kwargs: object) -> list[str]:
    """The messages of side-door-destination for one resource (only that rule: others may fire too)."""
    return [d.message for d in only(pack.analyze(type_token, props, **kwargs), DEST)]  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------------------
# Region-valued properties (replicas, copies, peerings)
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_token", "props", "path"),
    [
        (c.DYNAMODB_TABLE, {"replicas": [{"regionName": "eu-west-1"}, {"regionName": "us-east-1"}]},
         "replicas[1].regionName"),
        (c.DYNAMODB_TABLE, {"globalTableWitness": {"regionName": "us-east-1"}}, "globalTableWitness.regionName"),
        (c.DYNAMODB_GLOBAL_TABLE, {"replicas": [{"regionName": "us-east-1"}]}, "replicas[0].regionName"),
        (c.SECRETSMANAGER_SECRET, {"replicas": [{"region": "us-east-1"}]}, "replicas[0].region"),
        (c.ECR_REPLICATION, {"replicationConfiguration": {"rules": [{"destinations": [{"region": "us-east-1"}]}]}},
         "replicationConfiguration.rules[0].destinations[0].region"),
        (c.EFS_REPLICATION, {"destination": {"region": "us-east-1"}}, "destination.region"),
        (c.EC2_VPC_PEERING, {"peerRegion": "us-east-1", "vpcId": "v"}, "peerRegion"),
        ("aws:redshift/snapshotCopy:SnapshotCopy", {"destinationRegion": "us-east-1"}, "destinationRegion"),
        ("aws:cloudformation/stackSetInstance:StackSetInstance", {"stackSetInstanceRegion": "us-east-1"},
         "stackSetInstanceRegion"),
        (c.DLM_LIFECYCLE_POLICY,
         {"policyDetails": {"schedules": [{"crossRegionCopyRules": [{"target": "us-east-1"}]}]}},
         "policyDetails.schedules[0].crossRegionCopyRules[0].target"),
    ],
)
def test_copies_to_a_region_outside_the_zone(pack: Pack, type_token: str, props: dict[str, object], path: str) -> None:
    d = single(only(pack.analyze(type_token, props), DEST))
    assert d.level == "mandatory"
    assert d.message == f"`{path}` names the region us-east-1 (United States), outside {EU}: {LEAVES}"


def test_a_region_spelled_loosely_in_a_region_property_counts_as_outside(pack: Pack) -> None:
    d = single(only(pack.analyze(c.DYNAMODB_TABLE, {"replicas": [{"regionName": "EU-WEST-1"}]}), DEST))
    assert d.message.startswith("`replicas[0].regionName` is not exactly the name of an AWS region")


def test_copy_sources_are_not_destinations(pack: Pack) -> None:
    # Data moves into the zone; the copy itself is judged where it stands.
    assert dest(pack, c.EBS_SNAPSHOT_COPY, {"sourceSnapshotId": "snap-1", "sourceRegion": "us-east-1"}) == []
    assert dest(pack, c.RDS_INSTANCE, {"replicateSourceDb": arn("rds", "us-east-1", "db:primary")}) == []


# ------------------------------------------------------------------------------------------------------------
# ARNs, nested ARNs, partitions
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_token", "props", "path", "service"),
    [
        (c.LAMBDA_FUNCTION, {"deadLetterConfig": {"targetArn": arn("sqs", "us-east-1", "dlq")}},
         "deadLetterConfig.targetArn", "sqs"),
        (c.LAMBDA_FUNCTION, {"kmsKeyArn": arn("kms", "us-east-1", "key/k")}, "kmsKeyArn", "kms"),
        (c.LAMBDA_EVENT_INVOKE_CONFIG,
         {"destinationConfig": {"onSuccess": {"destination": arn("events", "us-east-1", "event-bus/b")}}},
         "destinationConfig.onSuccess.destination", "events"),
        (c.BACKUP_PLAN, {"rules": [{"copyActions": [{"destinationVaultArn": arn("backup", "us-east-1", "v")}]}]},
         "rules[0].copyActions[0].destinationVaultArn", "backup"),
        (c.LOG_SUBSCRIPTION_FILTER, {"destinationArn": arn("logs", "us-east-1", "destination:d")},
         "destinationArn", "logs"),
        ("aws:cloudwatch/eventTarget:EventTarget", {"arn": arn("sqs", "us-east-1", "q"), "rule": "r"},
         "arn", "sqs"),
        ("aws:sqs/queue:Queue", {"redrivePolicy": json.dumps({"deadLetterTargetArn": arn("sqs", "us-east-1", "d")})},
         "redrivePolicy.deadLetterTargetArn", "sqs"),
        ("aws:sfn/stateMachine:StateMachine",
         {"definition": json.dumps({"States": {"A": {"Resource": arn("lambda", "us-east-1", "function:f")}}})},
         "definition.States.A.Resource", "lambda"),
        ("aws:cloudwatch/logAccountPolicy:LogAccountPolicy",
         {"policyType": "SUBSCRIPTION_FILTER_POLICY",
          "policyDocument": json.dumps({"DestinationArn": arn("lambda", "us-east-1", "function:f")})},
         "policyDocument.DestinationArn", "lambda"),
    ],
)
def test_an_arn_outside_the_zone(
    pack: Pack, type_token: str, props: dict[str, object], path: str, service: str
) -> None:
    assert dest(pack, type_token, props) == [
        f"`{path}` refers to a resource of {service} in us-east-1 (United States), outside {EU}: {LEAVES}"
    ]


def test_an_arn_nested_in_an_integration_uri_is_judged_by_its_own_region(pack: Pack) -> None:
    uri = ("arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/"
           f"{arn('lambda', 'us-east-1', 'function:f')}/invocations")
    assert dest(pack, "aws:apigateway/integration:Integration", {"uri": uri, "type": "AWS_PROXY"}) == [
        f"`uri` refers to a resource of lambda in us-east-1 (United States), outside {EU}: {LEAVES}"
    ]


def test_an_arn_of_another_partition(pack: Pack) -> None:
    props = {"kmsKeyArn": arn("kms", "cn-north-1", "key/k", partition="aws-cn")}
    assert dest(pack, c.LAMBDA_FUNCTION, props) == [
        f"`kmsKeyArn` refers to a resource in partition aws-cn, but {EU} lies in aws, aws-eusc. Point it at a "
        "resource in the zone, or list an external destination with its country in the pack configuration "
        "(`externalDestinations`)."
    ]


def test_an_arn_with_a_malformed_region_is_undetermined(pack: Pack) -> None:
    (message,) = dest(pack, c.LAMBDA_FUNCTION, {"kmsKeyArn": arn("kms", "EU-WEST-3", "key/k")})
    assert message.startswith("Undetermined: `kmsKeyArn` refers to kms in a region botocore does not know")


# ------------------------------------------------------------------------------------------------------------
# Hostnames, URLs, PrivateLink, S3, region tokens, models, external hosts
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_token", "props", "path"),
    [
        (c.LAMBDA_FUNCTION, {"environment": {"variables": {"QUEUE": "https://sqs.us-east-1.amazonaws.com/1/q"}}},
         "environment.variables.QUEUE"),
        ("aws:apigateway/integration:Integration",
         {"uri": "https://abc.execute-api.us-east-1.amazonaws.com/prod/x", "type": "HTTP_PROXY"}, "uri"),
        ("aws:ec2/vpcEndpoint:VpcEndpoint", {"serviceName": "com.amazonaws.us-east-1.s3", "vpcId": "v"},
         "serviceName"),
        ("aws:ecs/taskDefinition:TaskDefinition",
         {"containerDefinitions": json.dumps([{"name": "app", "image": "nginx", "logConfiguration": {
             "logDriver": "awslogs", "options": {"awslogs-region": "us-east-1", "awslogs-group": "g"}}}])},
         "containerDefinitions[0].logConfiguration.options.awslogs-region"),
        ("aws:ec2/instance:Instance", {"userData": "#!/bin/sh\naws s3 cp /data s3://b --region us-east-1\n"},
         "userData"),
    ],
)
def test_a_place_named_in_text_outside_the_zone(
    pack: Pack, type_token: str, props: dict[str, object], path: str
) -> None:
    messages = dest(pack, type_token, props)
    assert messages, "no finding"
    assert all(m.startswith(f"`{path}` ") and "us-east-1 (United States)" in m for m in messages), messages


def test_names_with_a_region_inside_are_not_regions(pack: Pack) -> None:
    env = {"environment": {"variables": {"LOG_GROUP": "app-logs-us-east-1", "ZONE": "eu-west-3a"}}}
    assert dest(pack, c.LAMBDA_FUNCTION, env) == []


def test_an_external_host_must_be_listed_with_its_country(pack: Pack) -> None:
    props = {"topic": "t", "protocol": "https", "endpoint": "https://hooks.example.com/services/T0/B1?token=s3cr3t"}
    (message,) = dest(pack, "aws:sns/topicSubscription:TopicSubscription", props)
    assert message == (
        "`endpoint` sends data to a host of example.com, outside AWS, which the pack configuration does not "
        f"list as an external destination: {LEAVES}"
    )
    assert "s3cr3t" not in message
    assert "hooks." not in message
    listed = Pack({"externalDestinations": [{"host": "*.example.com", "country": "DE"}]})
    assert dest(listed, "aws:sns/topicSubscription:TopicSubscription", props) == []
    abroad = Pack({"externalDestinations": [{"host": "hooks.example.com", "country": "US"}]})
    (message,) = dest(abroad, "aws:sns/topicSubscription:TopicSubscription", props)
    assert "places in United States (US)" in message


def test_email_subscriptions_and_origins_are_destinations(pack: Pack) -> None:
    props = {"topic": "t", "protocol": "email", "endpoint": "ops@example.org"}
    assert dest(pack, "aws:sns/topicSubscription:TopicSubscription", props)
    origins = {"origins": [{"originId": "o", "domainName": "api.example.net"}]}
    assert dest(pack, c.CLOUDFRONT_DISTRIBUTION, origins)


def test_private_hosts_and_service_principals_stay_inside(pack: Pack) -> None:
    env = {"environment": {"variables": {"DB": "postgres://10.0.1.5:5432/app", "SVC": "http://backend:8080",
                                         "META": "http://169.254.169.254/latest", "P": "lambda.amazonaws.com"}}}
    assert dest(pack, c.LAMBDA_FUNCTION, env) == []


def test_cross_region_inference_profiles(pack: Pack) -> None:
    def model(model_id: str) -> list[str]:
        return dest(pack, "aws:bedrock/agentAgent:AgentAgent", {"foundationModel": model_id, "agentName": "a"})

    assert model("anthropic.claude-3-5-sonnet-20240620-v1:0") == []
    assert model("eu.anthropic.claude-3-5-sonnet-20240620-v1:0") == []
    assert model("us.anthropic.claude-3-5-sonnet-20240620-v1:0")
    assert model("global.anthropic.claude-sonnet-4-20250514-v1:0")
    french = Pack({"zone": "fr"})
    assert dest(french, "aws:bedrock/agentAgent:AgentAgent",
                {"foundationModel": "eu.amazon.nova-pro-v1:0", "agentName": "a"})


# ------------------------------------------------------------------------------------------------------------
# Non-flows
# ------------------------------------------------------------------------------------------------------------


def test_permissions_tags_and_descriptions_are_not_flows(pack: Pack) -> None:
    grant = {"action": "lambda:InvokeFunction", "principal": "s3.amazonaws.com",
             "sourceArn": arn("sns", "us-east-1", "t")}
    assert dest(pack, c.LAMBDA_PERMISSION, grant) == []
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": arn("sqs", "us-east-1", "q")}]})
    assert dest(pack, "aws:sqs/queuePolicy:QueuePolicy", {"queueUrl": "u", "policy": policy}) == []
    tagged = {"tags": {"migrated-from": arn("dynamodb", "us-east-1", "table/old")}, "description": "was us-east-1"}
    assert dest(pack, c.DYNAMODB_TABLE, tagged) == []


def test_us_east_1_anchors_that_aws_requires(pack: Pack) -> None:
    props = baseline(c.CLOUDFRONT_DISTRIBUTION)
    props["viewerCertificate"] = {"acmCertificateArn": arn("acm", "us-east-1", "certificate/c")}
    assert dest(pack, c.CLOUDFRONT_DISTRIBUTION, props) == []
    assert dest(pack, "aws:route53/keySigningKey:KeySigningKey",
                {"hostedZoneId": "Z", "keyManagementServiceArn": arn("kms", "us-east-1", "key/k")}) == []
    assert dest(pack, "aws:route53/queryLog:QueryLog",
                {"zoneId": "Z", "cloudwatchLogGroupArn": arn("logs", "us-east-1", "log-group:q")}) == []


# ------------------------------------------------------------------------------------------------------------
# S3 buckets and the data class of a flow
# ------------------------------------------------------------------------------------------------------------

REPLICATION = {"bucket": "src", "rules": [{"destination": {"bucket": "arn:aws:s3:::dst"}}]}


def test_a_bucket_never_seen_is_undetermined_and_never_named(pack: Pack) -> None:
    (message,) = dest(pack, c.S3_REPLICATION, REPLICATION)
    assert message == (
        "Undetermined: `rules[0].destination.bucket` names an S3 bucket that is not a bucket of this deployment "
        "(bucket names and ARNs carry no region: define the bucket in this stack, or list it with its region in "
        f"`externalDestinations`), so it cannot be shown to stay in {EU}."
    )
    assert "dst" not in message


def test_a_bucket_listed_with_its_region(pack: Pack) -> None:
    listed = Pack({"externalDestinations": [{"bucket": "d*", "region": "eu-west-1"}]})
    assert dest(listed, c.S3_REPLICATION, REPLICATION) == []
    abroad = Pack({"externalDestinations": [{"bucket": "dst", "region": "us-west-2"}]})
    assert dest(abroad, c.S3_REPLICATION, REPLICATION)


def test_a_bucket_seen_in_the_zone_passes_and_outside_fails(pack: Pack) -> None:
    assert pack.analyze(c.S3_BUCKET, {"bucket": "dst"}, name="dst", provider=provider("eu-central-1")) == []
    assert dest(pack, c.S3_REPLICATION, REPLICATION) == []
    other = Pack()
    other.analyze(c.S3_BUCKET, {"bucket": "dst"}, name="dst", provider=provider("us-east-2"))
    assert dest(other, c.S3_REPLICATION, REPLICATION) == [
        f"`rules[0].destination.bucket` names bucket 'dst' of this stack in us-east-2 (United States), outside "
        f"{EU}: {LEAVES}"
    ]


def test_an_exempt_source_may_flow_out_but_a_processor_may_not(pack: Pack) -> None:
    pack.analyze(c.S3_BUCKET, {"bucket": "src", "tags": {"data-class": "billing"}}, name="src")
    pack.analyze(c.S3_BUCKET, {"bucket": "dst"}, name="dst", provider=provider("us-east-2"))
    assert dest(pack, c.S3_REPLICATION, REPLICATION) == []
    # A Lambda function passes on whatever its callers send: an exempt-tagged queue does not exempt the flow.
    pack.analyze("aws:sqs/queue:Queue", {"name": "q", "tags": {"data-class": "billing"}}, name="q",
                 provider=provider("us-east-1"))
    fn = {"deadLetterConfig": {"targetArn": arn("sqs", "us-east-1", "q")}, "tags": {"data-class": "billing"}}
    assert dest(pack, c.LAMBDA_FUNCTION, fn)


def test_an_unknown_source_defers_the_class_to_the_stack(pack: Pack) -> None:
    pack.analyze(c.S3_BUCKET, {"bucket": "dst"}, name="dst", provider=provider("us-east-2"))
    deferred = {"bucket": UNKNOWN, "rules": REPLICATION["rules"]}
    assert dest(pack, c.S3_REPLICATION, deferred) == []
    billing = Res(c.S3_BUCKET, "src", {"bucket": "src", "tags": {"data-class": "billing"}, "region": "eu-west-3"})
    content = Res(c.S3_BUCKET, "other", {"bucket": "other", "region": "eu-west-3"})
    dst = Res(c.S3_BUCKET, "dst", {"bucket": "dst", "region": "us-east-2"})
    from_billing = Res(c.S3_REPLICATION, "repl", deferred, property_dependencies={"bucket": [billing.urn]})
    assert only(pack.analyze_stack([billing, dst, from_billing]), REFS) == []
    from_content = Res(c.S3_REPLICATION, "repl", deferred, property_dependencies={"bucket": [content.urn]})
    d = single(only(pack.analyze_stack([content, dst, from_content]), REFS))
    assert d.urn == from_content.urn
    assert "us-east-2 (United States)" in d.message


# ------------------------------------------------------------------------------------------------------------
# side-door-references: unknown values at preview
# ------------------------------------------------------------------------------------------------------------


def test_unknown_destination_resolved_through_dependencies(pack: Pack) -> None:
    queue = Res("aws:sqs/queue:Queue", "dlq", {"arn": UNKNOWN, "region": "eu-west-3"})
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"deadLetterConfig": {"targetArn": UNKNOWN}, "role": UNKNOWN},
             property_dependencies={"deadLetterConfig": [queue.urn], "role": [queue.urn]})
    assert pack.analyze_stack([queue, fn]) == []


def test_unknown_destination_derived_from_a_resource_outside_the_zone(pack: Pack) -> None:
    queue = Res("aws:sqs/queue:Queue", "dlq", {"arn": UNKNOWN}, provider=provider("us-east-1", name="us"))
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"deadLetterConfig": {"targetArn": UNKNOWN}},
             property_dependencies={"deadLetterConfig": [queue.urn]})
    d = single(only(pack.analyze_stack([queue, fn]), REFS))
    assert (d.level, d.urn) == ("mandatory", fn.urn)
    assert d.message == (
        "`deadLetterConfig.targetArn` derives from 'dlq' (aws:sqs/queue:Queue) in us-east-1 (United States), "
        f"outside {EU}: {LEAVES}"
    )


def test_unknown_destination_from_nowhere_or_another_stack_is_undetermined(pack: Pack) -> None:
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"deadLetterConfig": {"targetArn": UNKNOWN}})
    # Analyze saw the program set the value (unknown), so the unknown output is not one the provider computes.
    pack.analyze(fn.type, fn.props, name=fn.name)
    d = single(only(pack.analyze_stack([fn]), REFS))
    assert d.message == (
        "Undetermined: `deadLetterConfig.targetArn` is unknown at preview and derives from nothing in this stack "
        f"(another stack or a computed value), so {EU} cannot be checked."
    )
    ref = Res("pulumi:pulumi:StackReference", "shared", {"outputs": UNKNOWN}, provider=None)
    fn = Res(c.LAMBDA_FUNCTION, "fn", {"kmsKeyArn": UNKNOWN}, property_dependencies={"kmsKeyArn": [ref.urn]})
    d = single(only(pack.analyze_stack([ref, fn]), REFS))
    assert "comes from another stack's outputs ('shared')" in d.message


def test_own_computed_outputs_are_not_destinations(pack: Pack) -> None:
    queue = Res("aws:sqs/queue:Queue", "q", {"name": "q", "arn": UNKNOWN, "url": UNKNOWN, "id": UNKNOWN})
    assert pack.analyze_stack([queue]) == []
    # Inputs the program left unset that the provider computes are unknown in the outputs of a new resource.
    bucket_config = {"bucket": "b", "expectedBucketOwner": UNKNOWN, "rules": [{"applyServerSideEncryptionByDefault": {
        "sseAlgorithm": "AES256"}}]}
    pack.analyze("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                 {k: v for k, v in bucket_config.items() if v is not UNKNOWN}, name="sse")
    sse = Res("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "sse",
              bucket_config)
    assert only(pack.analyze_stack([sse]), REFS) == []


# ------------------------------------------------------------------------------------------------------------
# side-door-multi-region
# ------------------------------------------------------------------------------------------------------------


def test_multi_region_primitives_are_advisory(pack: Pack) -> None:
    d = single(pack.analyze(c.KMS_KEY, baseline(c.KMS_KEY, multiRegion=True)))
    assert (d.policy, d.level) == ("side-door-multi-region", "advisory")
    assert d.message.startswith("`multiRegion` makes it multi-Region. It is a multi-Region primitive")
    d = single(pack.analyze(c.RDS_GLOBAL_CLUSTER, {"globalClusterIdentifier": "g", "engine": "aurora-postgresql"}))
    assert (d.policy, d.level) == ("side-door-multi-region", "advisory")
    assert pack.analyze(c.KMS_KEY, baseline(c.KMS_KEY)) == []
    strict = Pack(levels={"side-door-multi-region": "mandatory"})
    d = single(strict.analyze("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
                              {"globalReplicationGroupIdSuffix": "g", "primaryReplicationGroupId": "p"}))
    assert d.level == "mandatory"
