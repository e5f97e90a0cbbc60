"""Evasion: the container's logs (request bodies at DEBUG) are shipped with awslogs-region us-east-1."""

import json

import pulumi
import pulumi_aws as aws

aws.ecs.TaskDefinition(
    "leak-checkout-service",
    family="checkout",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="512",
    memory="1024",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/checkout",
    container_definitions=json.dumps([{
        "name": "checkout",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/checkout:5.2.0",
        "essential": True,
        "environment": [{"name": "LOG_LEVEL", "value": "DEBUG"}],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": "/central/checkout",
                "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "checkout",
                "awslogs-create-group": "true",
            },
        },
    }]),
)
