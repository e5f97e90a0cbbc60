"""What a resident service's tasks are given: their container definition and their two roles' policies.

Plain builders, tested on their own: the container definition is a dict whose values may be Pulumi outputs
(the component serialises it with ``pulumi.Output.json_dumps``); the policies are plain JSON documents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from ._common import parse_arn, service_principal

#: The name of the one container of a resident service's task.
CONTAINER_NAME = "app"

#: How ECS reads a container secret, by the service in its ARN: the statement id and the one action needed.
SECRET_READS = {
    "secretsmanager": ("ReadSecrets", "secretsmanager:GetSecretValue"),
    "ssm": ("ReadParameters", "ssm:GetParameters"),
}


def container_definition(
    name: str,
    image: pulumi.Input[str],
    port: int,
    log_group: pulumi.Input[str],
    region: str,
    environment: Mapping[str, pulumi.Input[str]],
    secrets: Mapping[str, pulumi.Input[str]],
    read_only: bool,
) -> dict[str, Any]:
    """The service's container: its image and port, variables and secrets (sorted by name), and logs sent by
    the ``awslogs`` driver to ``log_group`` in ``region``, never blocking the application on a slow write."""
    return {
        "name": CONTAINER_NAME,
        "image": image,
        "essential": True,
        "readonlyRootFilesystem": read_only,
        "portMappings": [{"containerPort": port, "hostPort": port, "protocol": "tcp"}],
        "environment": [{"name": key, "value": environment[key]} for key in sorted(environment)],
        "secrets": [{"name": key, "valueFrom": secrets[key]} for key in sorted(secrets)],
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": log_group,
                "awslogs-region": region,
                "awslogs-stream-prefix": name,
                "mode": "non-blocking",
                "max-buffer-size": "25m",
            },
        },
    }


def execution_policy(
    repository_arn: str,
    log_group_arn: str,
    key_arn: str,
    secret_arns: Sequence[str],
    region: str,
    partition: str,
) -> dict[str, Any]:
    """What ECS may do for the service: pull from its one repository, write to its one log group, and read
    exactly the given secrets (decrypting them with the resident key through those services of the region)."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "PullTheImage",
            "Effect": "Allow",
            "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": repository_arn,
        },
        # The registry token is account-wide: ECR has no resource-level permission for it.
        {"Sid": "RegistryToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
            "Sid": "OwnLogGroup",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [log_group_arn, f"{log_group_arn}:*"],
        },
    ]
    by_service: dict[str, list[str]] = {}
    for arn in secret_arns:
        parsed = parse_arn(arn)
        by_service.setdefault(parsed.service if parsed else "secretsmanager", []).append(arn)
    for service, (sid, action) in SECRET_READS.items():
        if service in by_service:
            statements.append(
                {"Sid": sid, "Effect": "Allow", "Action": action, "Resource": sorted(by_service[service])}
            )
    if by_service:
        statements.append(
            {
                "Sid": "DecryptSecrets",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": key_arn,
                "Condition": {
                    "StringEquals": {
                        "kms:ViaService": sorted(service_principal(s, region, partition) for s in by_service)
                    }
                },
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}


def task_policy(database_users: Sequence[str]) -> dict[str, Any]:
    """What the tasks may do: connect to the given databases as the given users with IAM authentication."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ConnectToDatabases",
                "Effect": "Allow",
                "Action": "rds-db:connect",
                "Resource": sorted(database_users),
            }
        ],
    }
