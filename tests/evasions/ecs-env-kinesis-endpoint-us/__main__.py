"""Evasion: a container's KINESIS_ENDPOINT sends every clickstream record to kinesis.us-west-2.amazonaws.com."""

import json

import pulumi
import pulumi_aws as aws

logs = aws.cloudwatch.LogGroup("clickstream-logs", name="/ecs/clickstream", retention_in_days=30)

aws.ecs.TaskDefinition(
    "leak-clickstream-collector",
    family="clickstream-collector",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="256",
    memory="512",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/clickstream",
    container_definitions=logs.name.apply(lambda group: json.dumps([{
        "name": "collector",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/clickstream:1.4.2",
        "essential": True,
        "environment": [
            {"name": "STREAM_NAME", "value": "clickstream"},
            {"name": "KINESIS_ENDPOINT", "value": "https://kinesis.us-west-2.amazonaws.com"},
        ],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {"awslogs-group": group, "awslogs-region": "eu-west-3", "awslogs-stream-prefix": "app"},
        },
    }])),
)
