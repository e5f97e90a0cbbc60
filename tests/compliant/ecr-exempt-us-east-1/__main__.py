"""Compliant: an exempt-tagged ECR repository in us-east-1 with its repository and lifecycle policies.

AWS pattern: a shared registry of CI tooling images (linters, build containers) that the organisation's build
accounts pull from; an ECR repository is configured by separate RepositoryPolicy and LifecyclePolicy
resources, which carry no tags.

Why compliant: the images are build tooling, not customer content, and the repository says so with
``data-class: service-metadata``. The repository policy (a grant to the organisation) and the lifecycle
policy (expiry rules) configure that repository and take its class.
"""

import json

import pulumi
import pulumi_aws as aws

repository = aws.ecr.Repository(
    "ci-tooling",
    name="platform/ci-tooling",
    image_tag_mutability="IMMUTABLE",
    image_scanning_configuration={"scan_on_push": True},
    encryption_configurations=[{"encryption_type": "AES256"}],
    tags={"data-class": "service-metadata"},
    region="us-east-1",
)
aws.ecr.RepositoryPolicy(
    "ci-tooling",
    repository=repository.name,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "OrganisationPulls",
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}},
        }],
    }),
    region="us-east-1",
)
aws.ecr.LifecyclePolicy(
    "ci-tooling",
    repository=repository.name,
    policy=json.dumps({
        "rules": [{
            "rulePriority": 1,
            "description": "Keep the last 30 images",
            "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 30},
            "action": {"type": "expire"},
        }],
    }),
    region="us-east-1",
)

pulumi.export("repository_url", repository.repository_url)
