"""Evasion: events go to a Confluent Cloud cluster in AWS us-east-1, named by a host:port outside AWS's domains."""

import json

import pulumi
import pulumi_aws as aws

aws.ecs.TaskDefinition(
    "leak-order-events-producer",
    family="order-events",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="256",
    memory="512",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/order-events",
    container_definitions=json.dumps([{
        "name": "producer",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/order-events:2.2.0",
        "essential": True,
        "environment": [
            {"name": "KAFKA_BOOTSTRAP_SERVERS", "value": "pkc-p11xm.us-east-1.aws.confluent.cloud:9092"},
            {"name": "KAFKA_TOPIC", "value": "orders"},
        ],
    }]),
)
