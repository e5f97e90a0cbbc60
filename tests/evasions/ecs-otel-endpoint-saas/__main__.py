"""Evasion: OpenTelemetry traces, which record request attributes, are exported to a US SaaS collector."""

import json

import pulumi
import pulumi_aws as aws

aws.ecs.TaskDefinition(
    "leak-api-tracing",
    family="api",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="512",
    memory="1024",
    execution_role_arn="arn:aws:iam::123456789012:role/ecs-execution",
    task_role_arn="arn:aws:iam::123456789012:role/api",
    container_definitions=json.dumps([{
        "name": "api",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/api:7.3.1",
        "essential": True,
        "environment": [
            {"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "https://otlp-gateway-prod-us-east-0.grafana.net/otlp"},
            {"name": "OTEL_SERVICE_NAME", "value": "api"},
        ],
    }]),
)
