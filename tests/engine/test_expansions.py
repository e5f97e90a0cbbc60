"""Multi-language components expanded offline the way their providers construct them (pulumi-awsx sources)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from residency import aws
from residency.engine.expansions import (
    ExpansionError,
    application_load_balancer,
    ecr_image,
    ecr_repository,
    fargate_service,
    rest_api,
)
from residency.engine.records import UNKNOWN


def test_ecr_repository_is_a_repository_and_its_default_lifecycle_policy() -> None:
    expansion = ecr_repository("App", {"forceDelete": True, "region": "eu-west-3"})
    repository, policy = expansion.children
    # awsx lower-cases the name and passes every argument but lifecyclePolicy to the repository.
    assert (repository.type, repository.name, repository.inputs) == (
        "aws:ecr/repository:Repository", "app", {"forceDelete": True, "region": "eu-west-3"}
    )
    assert policy.type == "aws:ecr/lifecyclePolicy:LifecyclePolicy"
    assert policy.inputs["repository"] is UNKNOWN
    assert policy.depends == {"repository": [("aws:ecr/repository:Repository", "app")]}
    assert policy.inputs["region"] == "eu-west-3"  # threaded through since awsx #1935
    assert json.loads(policy.inputs["policy"]) == {
        "rules": [
            {
                "rulePriority": 1,
                "description": "remove untagged images",
                "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
                "action": {"type": "expire"},
            }
        ]
    }


def test_ecr_repository_lifecycle_policy_can_be_skipped() -> None:
    assert [c.type for c in ecr_repository("r", {"lifecyclePolicy": {"skip": True}}).children] == [
        "aws:ecr/repository:Repository"
    ]


def test_application_load_balancer_children_follow_awsx() -> None:
    expansion = application_load_balancer("web", {"internal": False})
    kinds = [(c.type, c.name) for c in expansion.children]
    assert kinds == [
        ("aws:ec2/securityGroup:SecurityGroup", "web"),
        ("aws:lb/loadBalancer:LoadBalancer", "web"),
        ("aws:lb/targetGroup:TargetGroup", "web"),
        ("aws:lb/listener:Listener", "web-0"),
    ]
    group, balancer, target, listener = expansion.children
    assert balancer.inputs["loadBalancerType"] == "application"
    assert balancer.inputs["internal"] is False
    # The default VPC is looked up in the cloud: offline, a marked placeholder.
    assert aws.is_offline_placeholder(balancer.inputs["subnets"][0])
    assert expansion.lookups == ["awsx:ec2:getDefaultVpc"]
    assert group.inputs["ingress"][0]["cidrBlocks"] == ["0.0.0.0/0"]
    assert (target.inputs["port"], target.inputs["protocol"], target.inputs["targetType"]) == (80, "HTTP", "ip")
    assert listener.inputs["defaultActions"] == [{"type": "forward", "targetGroupArn": UNKNOWN}]
    assert listener.depends["loadBalancerArn"] == [("aws:lb/loadBalancer:LoadBalancer", "web")]


def test_application_load_balancer_refuses_what_awsx_refuses() -> None:
    with pytest.raises(ExpansionError, match="Only one of \\[subnets\\], \\[subnetIds\\]"):
        application_load_balancer("web", {"subnets": ["a"], "subnetIds": ["b"]})
    https = application_load_balancer("web", {"listener": {"port": 443, "certificateArn": "arn"}, "subnetIds": ["s"]})
    listener = https.children[-1]
    assert (listener.inputs["port"], listener.inputs["protocol"]) == (443, "HTTPS")
    assert https.children[1].inputs["subnets"] == ["s"]


def test_rest_api_with_a_lambda_route_follows_aws_apigateway() -> None:
    handler = {"4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e",
               "urn": "urn:pulumi:dev::p::aws:lambda/function:Function::fn"}
    expansion = rest_api("api", {"routes": [{"path": "orders", "method": "GET", "eventHandler": UNKNOWN}]},
                         {"routes": [{"path": "orders", "method": "GET", "eventHandler": handler}]})
    assert expansion is not None
    kinds = [(c.type, c.name) for c in expansion.children]
    # Permission names are the API name and the first 8 hex digits of SHA-1 of "<method><path>".
    assert kinds == [
        ("aws:apigateway/restApi:RestApi", "api"),
        ("aws:apigateway/deployment:Deployment", "api"),
        ("aws:lambda/permission:Permission", "api-" + hashlib.sha1(b"GET/orders").hexdigest()[:8]),
        ("aws:apigateway/stage:Stage", "api"),
    ]
    api, _deployment, permission, stage = expansion.children
    # No endpointConfiguration: AWS makes it EDGE, and the pack must see that it is not set.
    assert "endpointConfiguration" not in api.inputs
    assert api.inputs["binaryMediaTypes"] == ["*/*"]
    assert permission.depends["function"] == [("", handler["urn"])]
    assert stage.inputs["stageName"] == "stage"


def test_rest_api_static_routes_become_a_bucket_a_role_and_an_object_per_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "www" / "css").mkdir(parents=True)
    (tmp_path / "www" / "index.html").write_text("<html/>")
    (tmp_path / "www" / "css" / "site.css").write_text("body{}")
    monkeypatch.chdir(tmp_path)  # the provider reads localPath from the project's directory
    expansion = rest_api("My-Api", {"routes": [{"path": "/", "localPath": "www"}]}, {})
    assert expansion is not None
    key = "My-Api" + hashlib.sha1(b"get:/").hexdigest()[:8]
    kinds = [(c.type, c.name) for c in expansion.children][:5]
    assert kinds == [
        ("aws:s3/bucket:Bucket", "my-api"),
        ("aws:iam/role:Role", key),
        ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", key),
        ("aws:s3/bucketObject:BucketObject", f"{key}/css/site.css"),
        ("aws:s3/bucketObject:BucketObject", f"{key}/index.html"),
    ]
    index = expansion.children[4]
    assert index.inputs["contentType"] == "text/html"
    assert index.depends == {"bucket": [("aws:s3/bucket:Bucket", "my-api")]}


def test_rest_api_with_authorizers_is_left_unexpanded() -> None:
    assert rest_api("api", {"routes": [{"path": "/", "authorizers": [{"authType": "custom"}]}]}, {}) is None


def test_fargate_service_builds_its_task_definition_roles_log_group_and_service() -> None:
    container = {"name": "app", "image": "nginx", "cpu": 256, "memory": 512}
    expansion = fargate_service("web", {"cluster": "arn:aws:ecs:eu-west-3:1:cluster/c",
                                        "taskDefinitionArgs": {"container": container}})
    kinds = [(c.type, c.name, c.custom) for c in expansion.children]
    assert kinds == [
        ("awsx:ecs:FargateTaskDefinition", "web", False),
        ("aws:cloudwatch/logGroup:LogGroup", "web", True),
        ("aws:iam/role:Role", "web-task", True),
        ("aws:iam/role:Role", "web-execution", True),
        ("aws:iam/rolePolicyAttachment:RolePolicyAttachment",
         "web-execution-" + hashlib.sha1(
             b"arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").hexdigest()[:8], True),
        ("aws:ecs/taskDefinition:TaskDefinition", "web", True),
        ("aws:ec2/securityGroup:SecurityGroup", "web-sg", True),
        ("aws:ecs/service:Service", "web", True),
    ]
    log_group = expansion.children[1]
    assert log_group.inputs == {}  # awsx sets no retention on the log group it creates
    assert log_group.parent == ("awsx:ecs:FargateTaskDefinition", "web")
    service = expansion.children[-1]
    assert (service.inputs["launchType"], service.inputs["desiredCount"]) == ("FARGATE", 1)
    assert service.inputs["waitForSteadyState"] is True
    assert service.depends["taskDefinition"] == [("aws:ecs/taskDefinition:TaskDefinition", "web")]


def test_ecr_image_registers_nothing_while_its_repository_url_is_unknown() -> None:
    assert ecr_image("app", {"repositoryUrl": UNKNOWN, "context": "."}).children == []
    known = ecr_image("app", {"repositoryUrl": "1.dkr.ecr.eu-west-3.amazonaws.com/app", "imageTag": "v1"})
    [image] = known.children
    assert image.type == "docker-build:index:Image"
    assert image.inputs["tags"] == ["1.dkr.ecr.eu-west-3.amazonaws.com/app:v1"]
