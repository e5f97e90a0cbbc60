"""Compliant: an ECS Fargate service whose container definitions name only eu-west-3.

AWS pattern: ``containerDefinitions`` is a JSON document (ECS Developer Guide, task_definition_parameters):
the ``awslogs`` log driver with ``awslogs-region`` and ``awslogs-group``, ``secrets`` taken from Secrets
Manager and SSM Parameter Store by ARN, environment variables naming the region and an SQS queue URL. The
image comes from the ECR registry in the same region.

Why compliant: the JSON is scanned leaf by leaf and every region, ARN and endpoint in it names eu-west-3:
``awslogs-region`` is eu-west-3, the secrets and parameter are eu-west-3 ARNs and the queue URL is an
eu-west-3 endpoint. The cluster, log group and service are in eu-west-3 too.
"""

import json

import pulumi
import pulumi_aws as aws

REGION = "eu-west-3"
ACCOUNT = "123456789012"

cluster = aws.ecs.Cluster("shop", settings=[{"name": "containerInsights", "value": "enabled"}])
logs = aws.cloudwatch.LogGroup("shop-api", name="/ecs/shop-api", retention_in_days=30)
queue = aws.sqs.Queue("shop-orders", name="shop-orders", sqs_managed_sse_enabled=True)
execution_role = aws.iam.Role(
    "shop-api-execution",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)

task = aws.ecs.TaskDefinition(
    "shop-api",
    family="shop-api",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    cpu="512",
    memory="1024",
    execution_role_arn=execution_role.arn,
    runtime_platform={"operating_system_family": "LINUX", "cpu_architecture": "ARM64"},
    container_definitions=logs.name.apply(lambda log_group: json.dumps([{
        "name": "api",
        "image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/shop/api:1.4.2",
        "essential": True,
        "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
        "environment": [
            {"name": "AWS_REGION", "value": REGION},
            {"name": "ORDERS_QUEUE_URL", "value": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/shop-orders"},
        ],
        "secrets": [
            {"name": "DB_PASSWORD",
             "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:shop/db-password-AbCdEf"},
            {"name": "FEATURE_FLAGS", "valueFrom": f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/shop/feature-flags"},
        ],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": log_group,
                "awslogs-region": REGION,
                "awslogs-stream-prefix": "api",
            },
        },
    }])),
)
aws.ecs.Service(
    "shop-api",
    cluster=cluster.arn,
    task_definition=task.arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration={
        "subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
        "security_groups": ["sg-0123456789abcdef0"],
        "assign_public_ip": False,
    },
)
