"""ResidentService: Fargate in the region, image from resident ECR, HTTPS-only authenticating ALB behind a geo
WAF, private tasks, logs in the zone, least-privilege roles; every refusal before anything is registered."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from residency.components import (
    ComponentArgumentError,
    PinnedProvider,
    ResidentDatabase,
    ResidentKey,
    ResidentNetwork,
    ResidentRepository,
    ResidentService,
)
from residency.components._front_door import HSTS, TLS_POLICY
from residency.model import COUNTRY_GROUPS

SERVICE = "aws:ecs/service:Service"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
ALB = "aws:lb/loadBalancer:LoadBalancer"
LISTENER = "aws:lb/listener:Listener"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"

CERT = "arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
POOL = "arn:aws:cognito-idp:eu-west-3:123456789012:userpool/eu-west-3_AbCdEf"
COGNITO = {"cognito": {"user_pool_arn": POOL, "user_pool_client_id": "client", "user_pool_domain": "shop"}}
IMAGE = "123456789012.dkr.ecr.eu-west-3.amazonaws.com/shop/web:1.4.2"
#: How a secret value is marked on the wire (pulumi.runtime.rpc's signature key and secret marker).
SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d"
SECRET_MARKER = "1b47061264138c4ac30d75fd1eb44270"
SECRET = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:shop/api-AbCdEf"


def oidc(**overrides: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "issuer": "https://login.example.eu",
        "authorization_endpoint": "https://login.example.eu/authorize",
        "token_endpoint": "https://login.example.eu/token",
        "user_info_endpoint": "https://login.example.eu/userinfo",
        "client_id": "shop",
        "client_secret": pulumi.Output.secret("s3cr3t-value"),
    }
    settings.update(overrides)
    return {"oidc": settings}


def build(
    image: object = "repository",
    public_subnets: bool = True,
    network_region: str = "eu-west-3",
    key_logs: bool = True,
    repository_region: str = "eu-west-3",
    with_database: bool = False,
    database_twice: bool = False,
    name: str = "web",
    **args: Any,
):
    def program() -> None:
        paris = PinnedProvider("paris", {"region": "eu-west-3"})
        frankfurt = PinnedProvider("frankfurt", {"region": "eu-central-1"})
        providers = {"eu-west-3": paris, "eu-central-1": frankfurt}
        key = ResidentKey("paris", {"provider": paris, "allow_cloudwatch_logs": True})
        service_key = key if key_logs else ResidentKey("nologs", {"provider": paris})
        other_key = ResidentKey("frankfurt", {"provider": frankfurt, "allow_cloudwatch_logs": True})
        keys = {"eu-west-3": key, "eu-central-1": other_key}
        network = ResidentNetwork(
            "net",
            {"provider": providers[network_region], "key": keys[network_region], "public_subnets": public_subnets},
        )
        service_args: dict[str, Any] = {
            "provider": paris,
            "key": service_key,
            "network": network,
            "certificate_arn": CERT,
            "authentication": COGNITO,
        }
        if image == "repository":
            repository = ResidentRepository(
                "images", {"provider": providers[repository_region], "key": keys[repository_region]}
            )
            service_args.update(image=repository, image_tag="1.4.2")
        else:
            service_args["image"] = image
        if with_database:
            database = ResidentDatabase("orders", {"provider": paris, "key": key, "network": network})
            service_args["databases"] = [{"database": database, "user": "shop_app"}] * (2 if database_twice else 1)
        service_args.update(args)
        ResidentService(name, service_args)  # type: ignore[arg-type]

    return program


def containers(recording) -> list[dict[str, Any]]:
    return json.loads(recording.one(TASK).inputs["containerDefinitions"])


def policy(recording, name: str) -> dict[str, Any]:
    return json.loads(recording.one(ROLE_POLICY, name).inputs["policy"])


def rules_of(recording, group: str) -> tuple[list[Any], list[Any]]:
    group_id = f"{group}-id"
    inbound = [r for r in recording.of_type(INGRESS) if r.inputs["securityGroupId"] == group_id]
    outbound = [r for r in recording.of_type(EGRESS) if r.inputs["securityGroupId"] == group_id]
    return inbound, outbound


# --- Image ---------------------------------------------------------------------------------------------------


def test_image_from_a_resident_repository_pinned_to_a_tag(program) -> None:
    recording = program(build())
    (container,) = containers(recording)
    repository = recording.one("aws:ecr/repository:Repository")
    assert container["image"] == f"{repository.state['repositoryUrl']}:1.4.2"
    assert container["image"].startswith("123456789012.dkr.ecr.eu-west-3.amazonaws.com/")
    (pull, *_rest) = policy(recording, "web-execution-policy")["Statement"]
    assert pull["Resource"] == repository.state["arn"]


def test_image_by_digest(program) -> None:
    digest = "sha256:" + "0f" * 32
    recording = program(build(image_tag=digest))
    (container,) = containers(recording)
    assert container["image"].endswith(f"/images-repository@{digest}")


def test_image_uri_of_the_region(program) -> None:
    recording = program(build(image=IMAGE))
    (container,) = containers(recording)
    assert container["image"] == IMAGE
    (pull, *_rest) = policy(recording, "web-execution-policy")["Statement"]
    assert pull["Resource"] == "arn:aws:ecr:eu-west-3:123456789012:repository/shop/web"


def test_image_uri_output_is_checked_when_known(program, refused) -> None:
    recording = program(build(image=pulumi.Output.from_input(IMAGE)))
    assert containers(recording)[0]["image"] == IMAGE
    error, recording = refused(build(image=pulumi.Output.from_input(IMAGE.replace("eu-west-3", "eu-central-1"))))
    assert "ResidentService 'web': image: the image's registry is in 'eu-central-1'" in str(error)
    assert recording.of_type(TASK) == []


# --- Front door ------------------------------------------------------------------------------------------------


def test_internet_facing_alb_in_public_subnets_drops_invalid_headers(program) -> None:
    recording = program(build())
    alb = recording.one(ALB)
    assert recording.provider_region(alb) == "eu-west-3"
    assert alb.inputs["loadBalancerType"] == "application"
    assert alb.inputs["internal"] is False
    assert alb.inputs["ipAddressType"] == "ipv4"
    assert alb.inputs["dropInvalidHeaderFields"] is True
    assert alb.inputs["desyncMitigationMode"] == "strictest"
    assert alb.inputs["enableWafFailOpen"] is False
    public = [f"{s.name}-id" for s in recording.of_type("aws:ec2/subnet:Subnet") if "-public-" in s.name]
    assert alb.inputs["subnets"] == public
    assert alb.inputs["securityGroups"] == ["web-alb-security-group-id"]
    assert "accessLogs" not in alb.inputs


def test_https_only_with_a_modern_tls_policy_and_hsts(program) -> None:
    recording = program(build())
    (listener,) = recording.of_type(LISTENER)
    assert listener.inputs["loadBalancerArn"] == recording.one(ALB).state["arn"]
    assert (listener.inputs["port"], listener.inputs["protocol"]) == (443, "HTTPS")
    assert listener.inputs["sslPolicy"] == TLS_POLICY == "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"
    assert listener.inputs["certificateArn"] == CERT
    assert listener.inputs["routingHttpResponseStrictTransportSecurityHeaderValue"] == HSTS
    assert listener.inputs["routingHttpResponseServerEnabled"] is False
    inbound, _ = rules_of(recording, "web-alb-security-group")
    assert [r.inputs["fromPort"] for r in inbound] == [443]


def test_http_only_ever_redirects_to_https(program) -> None:
    recording = program(build(http_redirect=True))
    redirect = recording.one(LISTENER, "web-http-redirect")
    assert (redirect.inputs["port"], redirect.inputs["protocol"]) == (80, "HTTP")
    assert redirect.inputs["defaultActions"] == [
        {"type": "redirect", "redirect": {"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}
    ]
    inbound, _ = rules_of(recording, "web-alb-security-group")
    assert sorted(r.inputs["fromPort"] for r in inbound) == [80, 443]


def test_web_acl_blocks_by_default_and_allows_the_supported_countries(program) -> None:
    recording = program(build(supported_countries=["FR", "DE"], rate_limit=500))
    acl = recording.one(WEB_ACL)
    assert recording.provider_region(acl) == "eu-west-3"
    assert acl.inputs["scope"] == "REGIONAL"
    assert acl.inputs["defaultAction"] == {"block": {}}
    names = [r["name"] for r in sorted(acl.inputs["rules"], key=lambda r: r["priority"])]
    assert names == ["aws-common-rule-set", "rate-limit-per-ip", "allow-supported-countries"]
    (geo,) = [r for r in acl.inputs["rules"] if r["name"] == "allow-supported-countries"]
    assert geo["action"] == {"allow": {}}
    assert geo["statement"]["geoMatchStatement"]["countryCodes"] == ["DE", "FR"]
    (rate,) = [r for r in acl.inputs["rules"] if r["name"] == "rate-limit-per-ip"]
    assert rate["statement"]["rateBasedStatement"]["limit"] == 500
    association = recording.one("aws:wafv2/webAclAssociation:WebAclAssociation")
    assert association.inputs["resourceArn"] == recording.one(ALB).state["arn"]
    assert association.inputs["webAclArn"] == acl.state["arn"]
    outputs = recording.one("residency:components:ResidentService").outputs
    assert outputs["web_acl_arn"] == acl.state["arn"]
    assert outputs["supported_countries"] == ["DE", "FR"]


def test_eea_by_default(program) -> None:
    recording = program(build())
    (geo,) = [r for r in recording.one(WEB_ACL).inputs["rules"] if r["name"] == "allow-supported-countries"]
    assert geo["statement"]["geoMatchStatement"]["countryCodes"] == sorted(COUNTRY_GROUPS["EEA"])


# --- Keyless authentication ------------------------------------------------------------------------------------


def test_cognito_sign_in_precedes_the_forward(program) -> None:
    recording = program(build())
    (listener,) = recording.of_type(LISTENER)
    sign_in, forward = sorted(listener.inputs["defaultActions"], key=lambda a: a["order"])
    assert sign_in["type"] == "authenticate-cognito"
    assert sign_in["order"] == 1
    assert sign_in["authenticateCognito"] == {
        "userPoolArn": POOL,
        "userPoolClientId": "client",
        "userPoolDomain": "shop",
        "scope": "openid",
        "sessionTimeout": 3600,
        "onUnauthenticatedRequest": "authenticate",
    }
    assert forward == {
        "type": "forward",
        "order": 2,
        "targetGroupArn": recording.one("aws:lb/targetGroup:TargetGroup").state["arn"],
    }
    # The load balancer reaches the identity provider itself.
    _, outbound = rules_of(recording, "web-alb-security-group")
    assert {(r.name, r.inputs.get("cidrIpv4")) for r in outbound} == {
        ("web-alb-to-tasks", None),
        ("web-alb-to-identity-provider", "0.0.0.0/0"),
    }


def test_oidc_sign_in_keeps_the_client_secret_secret(program) -> None:
    recording = program(build(authentication=oidc(scope="openid email", session_timeout=900)))
    (listener,) = recording.of_type(LISTENER)
    # The actions reach the engine marked secret (the engine encrypts them in the state).
    actions = listener.inputs["defaultActions"]
    assert actions[SECRET_SIGNATURE] == SECRET_MARKER
    sign_in = next(a for a in actions["value"] if a["order"] == 1)
    assert sign_in["type"] == "authenticate-oidc"
    settings = sign_in["authenticateOidc"]
    assert settings["issuer"] == "https://login.example.eu"
    assert settings["tokenEndpoint"] == "https://login.example.eu/token"
    assert settings["onUnauthenticatedRequest"] == "authenticate"
    assert settings["scope"] == "openid email"
    assert settings["sessionTimeout"] == 900
    assert settings["clientId"] == "shop"


def test_internal_service_has_no_public_face(program) -> None:
    recording = program(build(internal=True, authentication=None, public_subnets=False))
    alb = recording.one(ALB)
    assert alb.inputs["internal"] is True
    private = [f"{s.name}-id" for s in recording.of_type("aws:ec2/subnet:Subnet")]
    assert alb.inputs["subnets"] == private
    assert recording.of_type(WEB_ACL) == []
    assert recording.of_type("aws:wafv2/webAclAssociation:WebAclAssociation") == []
    (listener,) = recording.of_type(LISTENER)
    assert [a["type"] for a in listener.inputs["defaultActions"]] == ["forward"]
    inbound, outbound = rules_of(recording, "web-alb-security-group")
    assert [r.inputs["cidrIpv4"] for r in inbound] == ["10.0.0.0/16"]
    assert [r.name for r in outbound] == ["web-alb-to-tasks"]
    outputs = recording.one("residency:components:ResidentService").outputs
    assert outputs["internal"] is True
    assert outputs["supported_countries"] == []
    assert "web_acl_arn" not in outputs


# --- Logs ------------------------------------------------------------------------------------------------------


def test_container_logs_go_to_an_encrypted_bounded_group_of_the_region(program) -> None:
    recording = program(build(log_retention_days=14))
    log_group = recording.one("aws:cloudwatch/logGroup:LogGroup", "web-logs")
    assert log_group.inputs["retentionInDays"] == 14
    assert log_group.inputs["kmsKeyId"] == recording.one("aws:kms/key:Key", "paris-key").state["arn"]
    (container,) = containers(recording)
    assert container["logConfiguration"] == {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": log_group.state["name"],
            "awslogs-region": "eu-west-3",
            "awslogs-stream-prefix": "web",
            "mode": "non-blocking",
            "max-buffer-size": "25m",
        },
    }
    cluster = recording.one("aws:ecs/cluster:Cluster")
    assert cluster.inputs["settings"] == [{"name": "containerInsights", "value": "disabled"}]


# --- Roles -----------------------------------------------------------------------------------------------------


def test_roles_trust_only_ecs_tasks_of_this_account_and_region(program) -> None:
    recording = program(build())
    for role in ("web-execution-role", "web-task-role"):
        (trust,) = json.loads(recording.one("aws:iam/role:Role", role).inputs["assumeRolePolicy"])["Statement"]
        assert trust["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
        assert trust["Condition"] == {
            "StringEquals": {"aws:SourceAccount": "123456789012"},
            "ArnLike": {"aws:SourceArn": "arn:aws:ecs:eu-west-3:123456789012:*"},
        }
    task = recording.one(TASK)
    assert task.inputs["taskRoleArn"] == recording.one("aws:iam/role:Role", "web-task-role").state["arn"]
    assert task.inputs["executionRoleArn"] == recording.one("aws:iam/role:Role", "web-execution-role").state["arn"]


def test_task_role_has_no_permissions_by_default(program) -> None:
    recording = program(build())
    assert [p.name for p in recording.of_type(ROLE_POLICY) if p.name.startswith("web-")] == ["web-execution-policy"]
    assert recording.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment") == []


def test_execution_role_pulls_one_image_writes_one_log_group_reads_given_secrets(program) -> None:
    recording = program(build(secrets={"API_KEY": SECRET}))
    statements = {s["Sid"]: s for s in policy(recording, "web-execution-policy")["Statement"]}
    log_group = recording.one("aws:cloudwatch/logGroup:LogGroup", "web-logs").state["arn"]
    assert set(statements) == {"PullTheImage", "RegistryToken", "OwnLogGroup", "ReadSecrets", "DecryptSecrets"}
    assert statements["OwnLogGroup"]["Resource"] == [log_group, f"{log_group}:*"]
    assert statements["ReadSecrets"] == {
        "Sid": "ReadSecrets",
        "Effect": "Allow",
        "Action": "secretsmanager:GetSecretValue",
        "Resource": [SECRET],
    }
    assert statements["DecryptSecrets"]["Condition"] == {
        "StringEquals": {"kms:ViaService": ["secretsmanager.eu-west-3.amazonaws.com"]}
    }
    assert statements["RegistryToken"]["Action"] == "ecr:GetAuthorizationToken"
    wildcard = [s for s in statements.values() if s["Resource"] == "*"]
    assert [s["Sid"] for s in wildcard] == ["RegistryToken"]
    (container,) = containers(recording)
    assert container["secrets"] == [{"name": "API_KEY", "valueFrom": SECRET}]


def test_parameters_are_read_with_ssm(program) -> None:
    parameter = "arn:aws:ssm:eu-west-3:123456789012:parameter/shop/api-key"
    recording = program(build(secrets={"API_KEY": parameter, "DB": SECRET}))
    statements = {s["Sid"]: s for s in policy(recording, "web-execution-policy")["Statement"]}
    assert statements["ReadParameters"]["Action"] == "ssm:GetParameters"
    assert statements["ReadParameters"]["Resource"] == [parameter]
    assert statements["ReadSecrets"]["Resource"] == [SECRET]
    assert statements["DecryptSecrets"]["Condition"]["StringEquals"]["kms:ViaService"] == [
        "secretsmanager.eu-west-3.amazonaws.com",
        "ssm.eu-west-3.amazonaws.com",
    ]
    (container,) = containers(recording)
    assert [s["name"] for s in container["secrets"]] == ["API_KEY", "DB"]


def test_database_access_is_iam_authentication_to_that_database_only(program) -> None:
    recording = program(build(with_database=True))
    (statement,) = policy(recording, "web-task-policy")["Statement"]
    resource_id = recording.one("aws:rds/cluster:Cluster").state["clusterResourceId"]
    assert statement == {
        "Sid": "ConnectToDatabases",
        "Effect": "Allow",
        "Action": "rds-db:connect",
        "Resource": [f"arn:aws:rds-db:eu-west-3:123456789012:dbuser:{resource_id}/shop_app"],
    }
    # The tasks reach the database on 5432 and the database admits them.
    _, outbound = rules_of(recording, "web-tasks-security-group")
    (to_database,) = [r for r in outbound if r.name == "web-tasks-to-database-1"]
    assert to_database.inputs["referencedSecurityGroupId"] == "orders-security-group-id"
    assert to_database.inputs["fromPort"] == to_database.inputs["toPort"] == 5432
    inbound, _ = rules_of(recording, "orders-security-group")
    assert [r.inputs["referencedSecurityGroupId"] for r in inbound] == ["web-tasks-security-group-id"]
    assert [r.inputs["fromPort"] for r in inbound] == [5432]


# --- Network ---------------------------------------------------------------------------------------------------


def test_tasks_are_private_fargate_without_exec(program) -> None:
    recording = program(build())
    service = recording.one(SERVICE)
    assert recording.provider_region(service) == "eu-west-3"
    private = [f"{s.name}-id" for s in recording.of_type("aws:ec2/subnet:Subnet") if "-private-" in s.name]
    assert service.inputs["networkConfiguration"] == {
        "subnets": private,
        "securityGroups": ["web-tasks-security-group-id"],
        "assignPublicIp": False,
    }
    assert service.inputs["launchType"] == "FARGATE"
    assert service.inputs["enableExecuteCommand"] is False
    assert service.inputs["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert service.inputs["loadBalancers"] == [
        {
            "targetGroupArn": recording.one("aws:lb/targetGroup:TargetGroup").state["arn"],
            "containerName": "app",
            "containerPort": 8080,
        }
    ]
    task = recording.one(TASK)
    assert task.inputs["networkMode"] == "awsvpc"
    assert task.inputs["requiresCompatibilities"] == ["FARGATE"]
    (container,) = containers(recording)
    assert container["readonlyRootFilesystem"] is True
    assert container["portMappings"] == [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp"}]
    # Tasks start after the listener, their grants and the network's endpoints.
    assert recording.one(LISTENER).urn in service.dependencies
    assert recording.one(ROLE_POLICY, "web-execution-policy").urn in service.dependencies
    endpoint_urns = {e.urn for e in recording.of_type("aws:ec2/vpcEndpoint:VpcEndpoint")}
    assert endpoint_urns <= set(service.dependencies)


def test_tasks_accept_only_the_alb_and_send_only_to_the_endpoints(program) -> None:
    recording = program(build(container_port=3000))
    inbound, outbound = rules_of(recording, "web-tasks-security-group")
    assert [(r.inputs["referencedSecurityGroupId"], r.inputs["fromPort"], r.inputs["toPort"]) for r in inbound] == [
        ("web-alb-security-group-id", 3000, 3000)
    ]
    peers = sorted((r.name, r.inputs["fromPort"]) for r in outbound)
    assert peers == [("web-tasks-to-endpoints", 443), ("web-tasks-to-s3", 443)]
    by_name = {r.name: r for r in outbound}
    assert by_name["web-tasks-to-endpoints"].inputs["referencedSecurityGroupId"] == "net-endpoints-id"
    s3 = recording.one("aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3-endpoint")
    assert by_name["web-tasks-to-s3"].inputs["prefixListId"] == s3.state["prefixListId"]
    _, alb_out = rules_of(recording, "web-alb-security-group")
    (to_tasks,) = [r for r in alb_out if r.name == "web-alb-to-tasks"]
    assert to_tasks.inputs["referencedSecurityGroupId"] == "web-tasks-security-group-id"
    assert to_tasks.inputs["fromPort"] == 3000


def test_nothing_is_open_to_the_internet_but_the_alb(program) -> None:
    recording = program(build(with_database=True, http_redirect=True))
    open_rules = sorted(
        r.name
        for r in [*recording.of_type(INGRESS), *recording.of_type(EGRESS)]
        if r.inputs.get("cidrIpv4") == "0.0.0.0/0"
    )
    assert open_rules == ["web-alb-http-redirect-in", "web-alb-https-in", "web-alb-to-identity-provider"]
    for group in recording.of_type("aws:ec2/securityGroup:SecurityGroup"):
        assert "ingress" not in group.inputs, group.name
        assert "egress" not in group.inputs, group.name
    for resource in recording.custom():
        assert recording.provider_region(resource) in {"eu-west-3", "eu-central-1"}
        if resource.name.startswith("web"):
            assert recording.provider_region(resource) == "eu-west-3", resource.name


def test_environment_and_sizes(program) -> None:
    recording = program(
        build(environment={"MODE": "prod"}, cpu=1024, memory=2048, architecture="ARM64", desired_count=3)
    )
    task = recording.one(TASK)
    assert (task.inputs["cpu"], task.inputs["memory"]) == ("1024", "2048")
    assert task.inputs["runtimePlatform"] == {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"}
    assert recording.one(SERVICE).inputs["desiredCount"] == 3
    assert containers(recording)[0]["environment"] == [{"name": "MODE", "value": "prod"}]


def test_outputs(program) -> None:
    recording = program(build())
    outputs = recording.one("residency:components:ResidentService").outputs
    alb = recording.one(ALB)
    assert outputs["load_balancer_dns_name"] == alb.state["dnsName"]
    assert outputs["load_balancer_arn"] == alb.state["arn"]
    assert outputs["cluster_arn"] == recording.one("aws:ecs/cluster:Cluster").state["arn"]
    assert outputs["task_definition_arn"] == recording.one(TASK).state["arn"]
    assert outputs["task_role_name"] == "web-task-role"
    assert outputs["security_group_id"] == "web-tasks-security-group-id"
    assert outputs["log_group_name"] == "web-logs"
    assert outputs["region"] == "eu-west-3"
    assert outputs["internal"] is False


# --- Refusals --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"image": "nginx:1.27"}, "image: 'nginx:1.27' is not an image in an Amazon ECR private registry"),
        ({"image": "public.ecr.aws/nginx/nginx:1.27"}, "is not an image in an Amazon ECR private registry"),
        (
            {"image": IMAGE.replace("eu-west-3", "eu-central-1")},
            "image: the image's registry is in 'eu-central-1' but the service runs in 'eu-west-3'",
        ),
        ({"image": IMAGE.replace("eu-west-3", "us-east-1")}, "image: region 'us-east-1' is outside the residency"),
        ({"image": IMAGE.rsplit(":", 1)[0]}, "names no tag or digest"),
        ({"image": 42}, "image: pass a ResidentRepository or an ECR image URI"),
        ({"image": IMAGE, "image_tag": "1"}, "image_tag: goes with a ResidentRepository"),
        ({"image_tag": None}, "image_tag: None is not an image tag or digest"),
        ({"image_tag": "latest version"}, "image_tag: 'latest version' is not an image tag or digest"),
        (
            {"repository_region": "eu-central-1"},
            "image: the repository is in 'eu-central-1' but the service runs in 'eu-west-3'",
        ),
        (
            {"certificate_arn": CERT.replace("eu-west-3", "us-east-1")},
            "certificate_arn: the certificate is in 'us-east-1' (aws) but the load balancer is in 'eu-west-3'",
        ),
        ({"certificate_arn": CERT.replace("eu-west-3", "eu-central-1")}, "the certificate is in 'eu-central-1'"),
        ({"certificate_arn": None}, "certificate_arn: the load balancer takes HTTPS only"),
        (
            {"authentication": None},
            "authentication: an internet-facing service must sign users in at the load balancer",
        ),
        ({"authentication": {}}, "authentication: pass exactly one of"),
        ({"authentication": {**COGNITO, **oidc()}}, "authentication: pass exactly one of"),
        (
            {
                "authentication": {
                    "cognito": {**COGNITO["cognito"], "user_pool_arn": POOL.replace("eu-west-3", "us-east-1")}
                }
            },
            "authentication.cognito.user_pool_arn: region 'us-east-1' is outside the residency zone",
        ),
        ({"authentication": {"cognito": {"user_pool_arn": POOL}}}, "authentication.cognito.user_pool_client_id: is"),
        (
            {"authentication": {"cognito": {**COGNITO["cognito"], "allow_anonymous": True}}},
            "authentication.cognito.allow_anonymous: not a setting",
        ),
        ({"authentication": oidc(token_endpoint="http://login.example.eu/token")}, "is not an https:// URL"),
        ({"authentication": oidc(client_secret="s3cr3t-value")}, "client_secret: pass a Pulumi secret"),
        ({"authentication": oidc(session_timeout=10)}, "session_timeout: 10 is not a whole number between 60"),
        ({"internal": True}, "authentication: an internal load balancer cannot sign users in"),
        (
            {"internal": True, "authentication": None, "supported_countries": ["FR"]},
            "supported_countries: supported countries and the rate limit apply to an internet-facing service",
        ),
        ({"public_subnets": False}, "network: an internet-facing service needs the network's public subnets"),
        ({"network_region": "eu-central-1"}, "network: the network is in 'eu-central-1' but the service is in"),
        ({"key_logs": False}, "key: the key does not allow CloudWatch Logs to use it"),
        ({"supported_countries": ["EEA", "UK"]}, "supported_countries: 'UK' is not an ISO 3166-1 alpha-2"),
        ({"rate_limit": 5}, "rate_limit: 5 is not between 10 and 2000000000 requests."),
        ({"assign_public_ip": True}, "assign_public_ip: tasks never get public IPs"),
        ({"ssl_policy": "ELBSecurityPolicy-2016-08"}, "ssl_policy: the HTTPS listener always uses"),
        ({"enable_execute_command": True}, "enable_execute_command: ECS Exec"),
        ({"access_logs": {"bucket": "logs"}}, "access_logs: load balancer access logs need an SSE-S3 bucket"),
        ({"desired_tasks": 2}, "desired_tasks: not an argument of ResidentService; did you mean 'desired_count'?"),
        ({"cpu": 300}, "cpu: 300 is not a Fargate CPU size"),
        ({"cpu": 256.0}, "cpu: 256.0 is not a Fargate CPU size"),
        ({"memory": 256}, "memory: 256 is not a whole number between 512 and 122880."),
        ({"architecture": "arm64"}, "architecture: 'arm64' is not 'X86_64' or 'ARM64'."),
        ({"container_port": 0}, "container_port: 0 is not a whole number between 1 and 65535."),
        ({"health_check_path": "health"}, "health_check_path: 'health' is not a path starting with '/'."),
        ({"environment": {"DB_PASSWORD": "hunter2"}}, "environment: 'DB_PASSWORD' looks like a secret"),
        ({"environment": {"AWS_REGION": "us-east-1"}}, "'AWS_REGION' is reserved by ECS"),
        (
            {"secrets": {"API_KEY": SECRET.replace("eu-west-3", "eu-central-1")}},
            "secrets: 'API_KEY' refers to a secretsmanager resource in 'eu-central-1'",
        ),
        ({"secrets": {"API_KEY": "hunter2"}}, "secrets: 'API_KEY' is not a Secrets Manager secret or SSM parameter"),
        ({"secrets": {"MODE": SECRET}, "environment": {"MODE": "x"}}, "secrets: 'MODE' is also in environment"),
        ({"databases": [{"database": "orders", "user": "app"}]}, "databases: pass {'database': ResidentDatabase"),
        ({"read_only_root_filesystem": "no"}, "read_only_root_filesystem: 'no' is not True or False."),
        ({"authentication": {"cognito": "pool"}}, "authentication.cognito: pass a dict of its settings."),
        ({"authentication": oidc(issuer=pulumi.Output.from_input("https://x"))}, "issuer: pass the URL as a plain"),
        ({"authentication": oidc(scope=" ")}, "authentication.oidc.scope: ' ' is not a list of OAuth scopes."),
        ({"secrets": {"1KEY": SECRET}}, "secrets: '1KEY' is not a variable name ECS may set."),
        ({"secrets": {"AWS_SECRET": SECRET}}, "secrets: 'AWS_SECRET' is not a variable name ECS may set."),
        ({"secrets": {"API_KEY": 42}}, "secrets: 'API_KEY' is not a secret ARN (the value is not shown)."),
        ({"with_database": True, "database_twice": True}, "databases: names a database twice."),
        ({"network": "vpc-0123456789abcdef0"}, "network: pass a ResidentNetwork of the service's region."),
        ({"certificate_arn": 42}, "certificate_arn: pass the certificate's ARN."),
        ({"name": "web_shop"}, "name: load balancer, target group and task family names take letters"),
    ],
)
def test_refusals_before_any_service_resource(refused, args, message: str) -> None:
    name = args.pop("name", "web")
    error, recording = refused(build(name=name, **args))
    assert isinstance(error, ComponentArgumentError), error
    assert message in str(error)
    assert str(error).startswith(f"ResidentService {name!r}: ")
    assert "\n" not in str(error)
    assert "hunter2" not in str(error)
    assert "s3cr3t-value" not in str(error)
    assert [r for r in recording.resources if r.name.startswith(name)] == []


def test_database_of_another_network_and_bad_users_are_refused(refused) -> None:
    def program(user: str = "app", same_network: bool = False):
        def build_it() -> None:
            paris = PinnedProvider("paris", {"region": "eu-west-3"})
            key = ResidentKey("paris", {"provider": paris, "allow_cloudwatch_logs": True})
            network = ResidentNetwork("net", {"provider": paris, "key": key, "public_subnets": True})
            other = (
                network
                if same_network
                else ResidentNetwork("other", {"provider": paris, "key": key, "cidr_block": "10.1.0.0/16"})
            )
            database = ResidentDatabase("orders", {"provider": paris, "key": key, "network": other})
            ResidentService(
                "web",
                {
                    "provider": paris,
                    "key": key,
                    "network": network,
                    "image": IMAGE,
                    "certificate_arn": CERT,
                    "authentication": COGNITO,  # type: ignore[typeddict-item]
                    "databases": [{"database": database, "user": user}],
                },
            )

        return build_it

    error, _ = refused(program())
    assert "databases: database 'orders' is in another network" in str(error)
    error, _ = refused(program(user="app-user", same_network=True))
    assert "databases: 'app-user' is not a PostgreSQL role name." in str(error)


def test_certificate_output_is_checked_when_known(refused) -> None:
    error, recording = refused(build(certificate_arn=pulumi.Output.from_input(CERT.replace("eu-west-3", "us-east-1"))))
    assert "ResidentService 'web': certificate_arn: the certificate is in 'us-east-1'" in str(error)
    assert recording.of_type(LISTENER) == []


def test_region_outside_the_zone_is_refused_by_the_provider(refused) -> None:
    def program() -> None:
        PinnedProvider("virginia", {"region": "us-east-1"})

    error, recording = refused(program)
    assert "PinnedProvider 'virginia': region: region 'us-east-1' is outside the residency zone 'eu'" in str(error)
    assert recording.resources == []
