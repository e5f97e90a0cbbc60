"""Evasion: the event producer publishes to the US MSK cluster listed in KAFKA_BOOTSTRAP_SERVERS."""

import json

import pulumi
import pulumi_aws as aws

BROKERS = ",".join(
    f"b-{n}.events.x1y2z3.c3.kafka.us-east-1.amazonaws.com:9098" for n in (1, 2, 3)
)

aws.ecs.TaskDefinition(
    "leak-event-producer",
    family="event-producer",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="256",
    memory="512",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/event-producer",
    container_definitions=json.dumps([{
        "name": "producer",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/event-producer:3.1.0",
        "essential": True,
        "environment": [{"name": "KAFKA_BOOTSTRAP_SERVERS", "value": BROKERS}],
    }]),
)
