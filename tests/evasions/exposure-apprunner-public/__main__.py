"""Evasion: an App Runner service, public by default, with no web ACL to keep other countries out."""

import pulumi_aws as aws

aws.apprunner.Service(
    "leak-service",
    service_name="checkout",
    source_configuration={
        "image_repository": {
            "image_identifier": "public.ecr.aws/aws-containers/hello-app-runner:latest",
            "image_repository_type": "ECR_PUBLIC",
            "image_configuration": {"port": "8000"},
        },
        "auto_deployments_enabled": False,
    },
)
