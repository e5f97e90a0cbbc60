"""Evasion: FireLens routes the application's logs to a Firehose stream in us-east-1 (options.region)."""

import json

import pulumi
import pulumi_aws as aws

aws.ecs.TaskDefinition(
    "leak-api-with-firelens",
    family="api",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="512",
    memory="1024",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/api",
    container_definitions=json.dumps([
        {
            "name": "log-router",
            "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
            "essential": True,
            "firelensConfiguration": {"type": "fluentbit"},
        },
        {
            "name": "api",
            "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/api:7.3.1",
            "essential": True,
            "logConfiguration": {
                "logDriver": "awsfirelens",
                "options": {"Name": "kinesis_firehose", "region": "us-east-1", "delivery_stream": "app-logs"},
            },
        },
    ]),
)
