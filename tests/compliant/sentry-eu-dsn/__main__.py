"""Compliant: error reporting to Sentry's EU data region, a listed external destination.

AWS pattern: application containers and functions report exceptions to a SaaS error tracker configured by a
DSN in their environment; Sentry's EU region (Frankfurt) uses DSNs on ``o<org>.ingest.de.sentry.io``.

Why compliant: the pack configuration lists ``*.ingest.de.sentry.io`` as an external destination in Germany
(DE), inside zone ``eu``. Everything else is in eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

DSN = "https://0123456789abcdef0123456789abcdef@o123456.ingest.de.sentry.io/4507000000000000"

logs = aws.cloudwatch.LogGroup("web", name="/ecs/web", retention_in_days=14)
aws.ecs.TaskDefinition(
    "web",
    family="web",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="256",
    memory="512",
    execution_role_arn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    container_definitions=logs.name.apply(lambda group: json.dumps([{
        "name": "web",
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/web:2.0.1",
        "essential": True,
        "environment": [{"name": "SENTRY_DSN", "value": DSN}, {"name": "SENTRY_ENVIRONMENT", "value": "prod"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {
            "awslogs-group": group, "awslogs-region": "eu-west-3", "awslogs-stream-prefix": "web"}},
    }])),
)
role = aws.iam.Role(
    "thumbnails",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.lambda_.Function(
    "thumbnails",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"SENTRY_DSN": DSN, "SENTRY_TRACES_SAMPLE_RATE": "0.1"}},
)
