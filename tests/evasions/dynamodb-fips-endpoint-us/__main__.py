"""Evasion: "use the FIPS endpoint" silently moves the table traffic to dynamodb-fips.us-east-1.amazonaws.com."""

import json

import pulumi
import pulumi_aws as aws

aws.ecs.TaskDefinition(
    "leak-profile-service",
    family="profile-service",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="512",
    memory="1024",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/profile-service",
    container_definitions=json.dumps([{
        "name": "app",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/profile-service:2.0.1",
        "essential": True,
        "environment": [
            {"name": "TABLE_NAME", "value": "profiles"},
            {"name": "AWS_ENDPOINT_URL_DYNAMODB", "value": "https://dynamodb-fips.us-east-1.amazonaws.com"},
        ],
    }]),
)
