"""Evasion: AWS_DEFAULT_REGION=us-east-1 in the container moves every SDK call (tables, queues, buckets) to the US."""

import json

import pulumi
import pulumi_aws as aws

aws.ecs.TaskDefinition(
    "leak-billing-worker",
    family="billing-worker",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="256",
    memory="512",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/billing-worker",
    container_definitions=json.dumps([{
        "name": "worker",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/billing-worker:1.0.0",
        "essential": True,
        "environment": [
            {"name": "AWS_DEFAULT_REGION", "value": "us-east-1"},
            {"name": "QUEUE_NAME", "value": "invoices"},
        ],
    }]),
)
