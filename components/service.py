"""ResidentService: an ECS Fargate service in the pinned region behind an HTTPS-only, authenticating,
geo-restricted application load balancer."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import (
    TYPE_PREFIX,
    assume_role_policy,
    check_bool,
    check_data_class,
    check_int,
    check_known_arguments,
    check_logs_key,
    check_retention,
    refuse,
)
from ._front_door import (
    TLS_POLICY,
    Authentication,
    CognitoAuthentication,
    FrontDoorSettings,
    OidcAuthentication,
    check_authentication,
    front_door,
    security_group_rule,
)
from ._refs import check_certificate_arn, check_image, check_secret_reference
from ._task import CONTAINER_NAME, container_definition, execution_policy, task_policy
from ._waf import DEFAULT_RATE_LIMIT, check_countries, check_rate_limit
from .database import ResidentDatabase
from .environment import environment_problems
from .key import ResidentKey, require_key
from .network import ResidentNetwork, require_network
from .provider import PinnedProvider, require_pinned
from .repository import ResidentRepository

_KIND = "ResidentService"

#: Fargate task sizes: CPU units AWS offers (memory is checked against its overall range only).
FARGATE_CPU = (256, 512, 1024, 2048, 4096, 8192, 16384)

_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?")
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}|sha256:[a-f0-9]{64}")
_SQL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

#: Settings people reach for that a resident service never offers, and why.
UNSAFE_ARGUMENTS = {
    "assign_public_ip": "tasks never get public IPs: they run in the network's private subnets and are reached "
    "through the load balancer.",
    "subnets": "tasks always run in the network's private subnets.",
    "http_listener": "the load balancer takes HTTPS only; http_redirect=True adds a listener that only redirects "
    "to HTTPS.",
    "ssl_policy": f"the HTTPS listener always uses {TLS_POLICY}.",
    "enable_execute_command": "ECS Exec (interactive shells in tasks) is never enabled.",
    "access_logs": "load balancer access logs need an SSE-S3 bucket, which a resident bucket (SSE-KMS) is not.",
}

#: The sign-in types, re-exported with the service that takes them.
__all__ = [
    "Authentication",
    "CognitoAuthentication",
    "DatabaseAccess",
    "OidcAuthentication",
    "ResidentService",
    "ResidentServiceArgs",
]


class DatabaseAccess(TypedDict):
    """A resident database the tasks use, and the PostgreSQL role they sign in as with IAM authentication."""

    database: ResidentDatabase
    """The database; it must be in the service's network."""

    user: str
    """The PostgreSQL role (granted ``rds_iam`` inside the database) that the task role may connect as."""


class ResidentServiceArgs(TypedDict):
    """Arguments of :class:`ResidentService`."""

    provider: PinnedProvider
    """The pinned provider: the cluster, tasks, load balancer, web ACL and log group live in its region."""

    key: ResidentKey
    """The in-region key that encrypts the container log group (and the secrets it may decrypt); it must allow
    CloudWatch Logs."""

    network: ResidentNetwork
    """The resident network of the provider's region; an internet-facing service needs its public subnets."""

    image: ResidentRepository | pulumi.Input[str]
    """A :class:`ResidentRepository` of the service's region (with ``image_tag``), or an image URI in an ECR
    private registry of the service's region with a tag or digest. Docker Hub, ``public.ecr.aws`` and other
    regions are refused. A URI given as a Pulumi output is checked when its value is known (a wrong one fails
    ``pulumi up``; during a preview it may not be known yet)."""

    image_tag: NotRequired[str]
    """The tag (immutable in a ResidentRepository) or digest (``sha256:...``) to run, with a repository."""

    certificate_arn: pulumi.Input[str]
    """The ACM certificate the HTTPS listener presents; it must be in the service's region. An output is
    checked when its value is known."""

    authentication: NotRequired[Authentication]
    """How users sign in at the load balancer (``{"cognito": ...}`` or ``{"oidc": ...}``); required unless
    ``internal``."""

    internal: NotRequired[bool]
    """Serve only inside the VPC: an internal load balancer in the private subnets, no web ACL, no sign-in
    (an internal load balancer cannot reach an identity provider). Defaults to ``False``."""

    supported_countries: NotRequired[Sequence[str] | str]
    """Countries allowed to reach an internet-facing service (ISO codes and groups such as ``EEA``); defaults
    to ``EEA``. Every other country is blocked by the web ACL."""

    rate_limit: NotRequired[int]
    """Requests one client IP may make in 5 minutes before WAF blocks it; defaults to 1,000."""

    container_port: NotRequired[int]
    """The port the container listens on (plain HTTP inside the VPC); defaults to 8080."""

    health_check_path: NotRequired[str]
    """The path the load balancer checks; defaults to ``/``."""

    cpu: NotRequired[int]
    """Fargate CPU units (256, 512, 1024, ... 16384); defaults to 256."""

    memory: NotRequired[int]
    """Fargate memory in MiB, 512 to 122,880 (it must suit ``cpu``); defaults to 512."""

    architecture: NotRequired[Literal["X86_64", "ARM64"]]
    """The image's CPU architecture; defaults to ``X86_64``."""

    desired_count: NotRequired[int]
    """Tasks to run, 0 to 1,000; defaults to 2."""

    environment: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Environment variables. Plain credentials are refused (access key ids, private keys, literal values of
    variables named like secrets); use ``secrets`` for those."""

    secrets: NotRequired[Mapping[str, pulumi.Input[str]]]
    """Variables filled by ECS from Secrets Manager secrets or SSM parameters of the service's region (ARNs);
    the execution role may read exactly these."""

    databases: NotRequired[Sequence[DatabaseAccess]]
    """Resident databases the tasks connect to with IAM authentication: the task role may ``rds-db:connect``
    as the given user, and the security groups open port 5432 from the tasks to each database only."""

    read_only_root_filesystem: NotRequired[bool]
    """Mount the container's root file system read-only; defaults to ``True``."""

    http_redirect: NotRequired[bool]
    """Add an HTTP listener on port 80 that only redirects to HTTPS; defaults to ``False``."""

    log_retention_days: NotRequired[int]
    """Retention of the container log group; defaults to 7 days (``residency:logRetentionDays``)."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentService(pulumi.ComponentResource):
    """An ECS Fargate service for customer content, pinned to the provider's region.

    Fixed: the image comes from ECR in the region; tasks run in the network's private subnets without public
    IPs, behind a security group that accepts only the load balancer on the container port and sends only to
    the network's endpoints (and the given databases). The application load balancer takes HTTPS only (an
    ACM certificate of the region, a TLS 1.2+ policy, HSTS, invalid headers dropped), authenticates users
    with Cognito or OIDC before forwarding, and, when internet-facing, sits behind a regional WAF web ACL that
    blocks by default and allows only the supported countries. Container logs go through ``awslogs`` to a
    KMS-encrypted log group of the region with bounded retention. The task role has no permissions beyond
    ``rds-db:connect`` to the given databases; the execution role may pull the one image, write the one log
    group and read the given secrets. ECS Exec and Container Insights are off.
    """

    load_balancer_dns_name: pulumi.Output[str]
    """The load balancer's DNS name (point a record of the certificate's domain at it)."""

    load_balancer_arn: pulumi.Output[str]
    """The load balancer's ARN."""

    web_acl_arn: pulumi.Output[str] | None
    """The WAF web ACL's ARN (internet-facing services only)."""

    cluster_arn: pulumi.Output[str]
    """The ECS cluster's ARN."""

    service_name: pulumi.Output[str]
    """The ECS service's name."""

    task_definition_arn: pulumi.Output[str]
    """The task definition's ARN (with its revision)."""

    task_role_arn: pulumi.Output[str]
    """The task role's ARN."""

    task_role_name: pulumi.Output[str]
    """The task role's name, to attach further least-privilege policies."""

    security_group_id: pulumi.Output[str]
    """The tasks' security group."""

    log_group_name: pulumi.Output[str]
    """The container log group."""

    internal: bool
    """Whether the load balancer is internal."""

    supported_countries: list[str]
    """The countries the web ACL allows, sorted (empty for an internal service)."""

    region: str
    """The service's region."""

    def __init__(self, name: str, args: ResidentServiceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, network, s, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = region = pinned.region
        self.internal = internal = s["internal"]
        self.supported_countries = s["countries"]
        partition = pinned.partition
        tags = pinned.tags(data_class)
        options = pinned.options(self)
        port: int = s["container_port"]

        image, repository_arn = _image(name, args, pinned, s["image_tag"])
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs", retention_in_days=s["log_retention_days"], kms_key_id=key.key_arn, tags=tags, opts=options
        )
        cluster = aws.ecs.Cluster(
            f"{name}-cluster",
            # Container Insights would create its own log group, unencrypted and kept forever.
            settings=[aws.ecs.ClusterSettingArgs(name="containerInsights", value="disabled")],
            tags=tags,
            opts=options,
        )

        trust = pinned.account_id.apply(
            lambda account: json.dumps(
                assume_role_policy(
                    "ecs-tasks.amazonaws.com",
                    {
                        "StringEquals": {"aws:SourceAccount": account},
                        "ArnLike": {"aws:SourceArn": f"arn:{partition}:ecs:{region}:{account}:*"},
                    },
                )
            )
        )
        execution_role = aws.iam.Role(
            f"{name}-execution-role",
            description=f"ECS pulls the image and writes the logs of {name} ({region})",
            assume_role_policy=trust,
            tags=tags,
            opts=options,
        )
        secret_arns = list(s["secrets"].values())
        execution_grants = aws.iam.RolePolicy(
            f"{name}-execution-policy",
            role=execution_role.id,
            policy=pulumi.Output.all(repository_arn, log_group.arn, key.key_arn, *secret_arns).apply(
                lambda a: json.dumps(execution_policy(a[0], a[1], a[2], a[3:], region, partition))
            ),
            opts=options,
        )
        task_role = aws.iam.Role(
            f"{name}-task-role",
            description=f"Tasks of {name} ({region}): only what the service is given",
            assume_role_policy=trust,
            tags=tags,
            opts=options,
        )
        grants: list[pulumi.Resource] = [execution_grants]
        if s["databases"]:
            users = [
                pulumi.Output.format(
                    "arn:{0}:rds-db:{1}:{2}:dbuser:{3}/{4}",
                    partition,
                    region,
                    pinned.account_id,
                    access["database"].cluster_resource_id,
                    access["user"],
                )
                for access in s["databases"]
            ]
            grants.append(
                aws.iam.RolePolicy(
                    f"{name}-task-policy",
                    role=task_role.id,
                    policy=pulumi.Output.all(*users).apply(lambda arns: json.dumps(task_policy(arns))),
                    opts=options,
                )
            )

        definition = container_definition(
            name, image, port, log_group.name, region, s["environment"], s["secrets"], s["read_only"]
        )
        task = aws.ecs.TaskDefinition(
            f"{name}-task",
            family=name,
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            cpu=str(s["cpu"]),
            memory=str(s["memory"]),
            runtime_platform=aws.ecs.TaskDefinitionRuntimePlatformArgs(
                operating_system_family="LINUX", cpu_architecture=s["architecture"]
            ),
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            container_definitions=pulumi.Output.json_dumps([definition]),
            tags=tags,
            opts=options,
        )

        task_group = aws.ec2.SecurityGroup(
            f"{name}-tasks-security-group",
            vpc_id=network.vpc_id,
            description=f"{name}: the load balancer in; the network's endpoints and databases out",
            tags=tags,
            opts=options,
        )
        # Out: the region's interface endpoints and S3 gateway (image layers), and the given databases, which
        # in turn admit the tasks. Nothing else: the private subnets have no route out anyway.
        security_group_rule(
            f"{name}-tasks-to-endpoints",
            False,
            task_group.id,
            443,
            {"referenced_security_group_id": network.endpoint_security_group_id},
            tags,
            options,
        )
        security_group_rule(
            f"{name}-tasks-to-s3",
            False,
            task_group.id,
            443,
            {"prefix_list_id": network.s3_prefix_list_id},
            tags,
            options,
        )
        for index, access in enumerate(s["databases"]):
            database: ResidentDatabase = access["database"]
            security_group_rule(
                f"{name}-tasks-to-database-{index + 1}",
                False,
                task_group.id,
                database.port,
                {"referenced_security_group_id": database.security_group_id},
                tags,
                options,
            )
            security_group_rule(
                f"{name}-database-{index + 1}-from-tasks",
                True,
                database.security_group_id,
                database.port,
                {"referenced_security_group_id": task_group.id},
                tags,
                options,
            )
        door = front_door(
            name,
            network,
            task_group,
            s["certificate_arn"],
            FrontDoorSettings(
                internal=internal,
                port=port,
                health_check_path=s["health_check_path"],
                http_redirect=s["http_redirect"],
                authentication=s["authentication"],
                countries=s["countries"],
                rate_limit=s["rate_limit"],
            ),
            tags,
            options,
        )
        self.web_acl_arn = door.web_acl.arn if door.web_acl is not None else None

        service = aws.ecs.Service(
            f"{name}-service",
            cluster=cluster.arn,
            task_definition=task.arn,
            desired_count=s["desired_count"],
            launch_type="FARGATE",
            platform_version="LATEST",
            network_configuration=aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=network.private_subnet_ids, security_groups=[task_group.id], assign_public_ip=False
            ),
            load_balancers=[
                aws.ecs.ServiceLoadBalancerArgs(
                    target_group_arn=door.target_group.arn, container_name=CONTAINER_NAME, container_port=port
                )
            ],
            health_check_grace_period_seconds=60,
            deployment_circuit_breaker=aws.ecs.ServiceDeploymentCircuitBreakerArgs(enable=True, rollback=True),
            enable_execute_command=False,
            enable_ecs_managed_tags=True,
            propagate_tags="SERVICE",
            wait_for_steady_state=False,
            tags=tags,
            # Tasks start once the listener routes to them, their grants exist and the endpoints they pull
            # and log through are there.
            opts=pulumi.ResourceOptions(
                parent=self, provider=pinned.provider, depends_on=[door.https_listener, *grants, network]
            ),
        )

        self.load_balancer_dns_name = door.load_balancer.dns_name
        self.load_balancer_arn = door.load_balancer.arn
        self.cluster_arn = cluster.arn
        self.service_name = service.name
        self.task_definition_arn = task.arn
        self.task_role_arn = task_role.arn
        self.task_role_name = task_role.name
        self.security_group_id = task_group.id
        self.log_group_name = log_group.name
        self.register_outputs(
            {
                "load_balancer_dns_name": self.load_balancer_dns_name,
                "load_balancer_arn": self.load_balancer_arn,
                "web_acl_arn": self.web_acl_arn,
                "cluster_arn": self.cluster_arn,
                "service_name": self.service_name,
                "task_definition_arn": self.task_definition_arn,
                "task_role_arn": self.task_role_arn,
                "task_role_name": self.task_role_name,
                "security_group_id": self.security_group_id,
                "log_group_name": self.log_group_name,
                "internal": self.internal,
                "supported_countries": self.supported_countries,
                "region": self.region,
            }
        )


def _checked(value: pulumi.Input[str], check: Callable[[str], object]) -> pulumi.Input[str]:
    """``value`` itself when it is a plain string (checked already, before anything was registered); for an
    output, the same value that runs ``check`` once it is known (creating nothing)."""
    output = pulumi.Output.from_input(value)
    if isinstance(value, str):
        return value

    def run(known: str) -> str:
        check(known)
        return known

    return output.apply(run)


def _image(
    name: str, args: ResidentServiceArgs, pinned: PinnedProvider, tag: str | None
) -> tuple[pulumi.Input[str], pulumi.Input[str]]:
    """The image reference the task runs and the ARN of its repository (what the execution role may pull)."""
    image = args["image"]
    if isinstance(image, ResidentRepository):
        separator = "@" if tag is not None and tag.startswith("sha256:") else ":"
        return pulumi.Output.concat(image.repository_url, separator, tag or ""), image.repository_arn
    region, zone, partition = pinned.region, pinned.zone, pinned.partition

    def repository_arn(uri: str) -> str:
        found = check_image(_KIND, name, uri, region, zone)
        return f"arn:{partition}:ecr:{found.region}:{found.account}:repository/{found.repository}"

    output = pulumi.Output.from_input(image)
    if isinstance(image, str):
        return image, repository_arn(image)
    # An output: the check runs once, when the value is known; both results wait for it.
    checked = output.apply(lambda uri: (uri, repository_arn(uri)))
    return checked.apply(lambda pair: pair[0]), checked.apply(lambda pair: pair[1])


def _validate_image(name: str, args: ResidentServiceArgs, pinned: PinnedProvider) -> str | None:
    image = args.get("image")
    tag = args.get("image_tag")
    if isinstance(image, ResidentRepository):
        if image.region != pinned.region:
            raise refuse(
                _KIND,
                name,
                "image",
                f"the repository is in {image.region!r} but the service runs in {pinned.region!r}; tasks pull "
                "through the VPC endpoints of their own region.",
            )
        if not isinstance(tag, str) or not _TAG.fullmatch(tag):
            raise refuse(
                _KIND,
                name,
                "image_tag",
                f"{tag!r} is not an image tag or digest (sha256:...); a repository needs one (no implicit 'latest').",
            )
        return tag
    if tag is not None:
        raise refuse(_KIND, name, "image_tag", "goes with a ResidentRepository; put the tag in the image URI.")
    if isinstance(image, str):
        check_image(_KIND, name, image, pinned.region, pinned.zone)
    elif not isinstance(image, pulumi.Output):
        raise refuse(_KIND, name, "image", "pass a ResidentRepository or an ECR image URI of the service's region.")
    return None


def _validate_variables(name: str, args: ResidentServiceArgs, pinned: PinnedProvider) -> tuple[dict[str, Any], ...]:
    environment = dict(args.get("environment") or {})
    problems = environment_problems(
        environment, pinned.region, pinned.partition, pinned.zone, host="ECS", owner="service"
    )
    if problems:
        raise refuse(_KIND, name, "environment", " ".join(problems))
    secrets = dict(args.get("secrets") or {})
    for variable, reference in secrets.items():
        if not isinstance(variable, str) or not _VARIABLE.fullmatch(variable) or variable.upper().startswith("AWS_"):
            raise refuse(_KIND, name, "secrets", f"{variable!r} is not a variable name ECS may set.")
        if variable in environment:
            raise refuse(_KIND, name, "secrets", f"{variable!r} is also in environment; name it once.")
        if isinstance(reference, str):
            check_secret_reference(_KIND, name, variable, reference, pinned.region, pinned.partition)
        elif not isinstance(reference, pulumi.Output):
            raise refuse(_KIND, name, "secrets", f"{variable!r} is not a secret ARN (the value is not shown).")
    return environment, secrets


def _validate_databases(name: str, args: ResidentServiceArgs, network: ResidentNetwork) -> list[DatabaseAccess]:
    accesses = list(args.get("databases", ()))
    for access in accesses:
        database = access.get("database") if isinstance(access, Mapping) else None
        if not isinstance(database, ResidentDatabase):
            raise refuse(_KIND, name, "databases", "pass {'database': ResidentDatabase, 'user': '<role>'} entries.")
        if database.network is not network:
            raise refuse(
                _KIND,
                name,
                "databases",
                f"database {database.identifier!r} is in another network; a service reaches databases of its own "
                "network only.",
            )
        user = access.get("user")
        if not isinstance(user, str) or not _SQL_NAME.fullmatch(user):
            raise refuse(_KIND, name, "databases", f"{user!r} is not a PostgreSQL role name.")
    if len({id(a["database"]) for a in accesses}) != len(accesses):
        raise refuse(_KIND, name, "databases", "names a database twice.")
    return accesses


def _validate(
    name: str, args: ResidentServiceArgs
) -> tuple[PinnedProvider, ResidentKey, ResidentNetwork, dict[str, Any], str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    if not _NAME.fullmatch(name):
        raise refuse(
            _KIND,
            name,
            "name",
            "load balancer, target group and task family names take letters, digits and inner hyphens only (at "
            "most 32).",
        )
    check_known_arguments(_KIND, name, args, ResidentServiceArgs.__annotations__, UNSAFE_ARGUMENTS)
    key = require_key(_KIND, name, args["key"], pinned, "service", "logs are encrypted in their own region.")
    check_logs_key(_KIND, name, key.allows_cloudwatch_logs, "the container log group")
    network = require_network(_KIND, name, args["network"], pinned, "service")
    internal = check_bool(_KIND, name, "internal", args.get("internal", False))
    if not internal and not network.has_public_subnets:
        raise refuse(
            _KIND,
            name,
            "network",
            "an internet-facing service needs the network's public subnets for its load balancer; create the "
            "ResidentNetwork with public_subnets=True, or set internal=True.",
        )
    image_tag = _validate_image(name, args, pinned)

    certificate = args.get("certificate_arn")
    region, partition = pinned.region, pinned.partition
    if certificate is None:
        raise refuse(
            _KIND,
            name,
            "certificate_arn",
            f"the load balancer takes HTTPS only; pass the ARN of an ACM certificate of {region}.",
        )
    if isinstance(certificate, str):
        check_certificate_arn(_KIND, name, certificate, region, partition)
    elif not isinstance(certificate, pulumi.Output):
        raise refuse(_KIND, name, "certificate_arn", "pass the certificate's ARN.")

    authentication = check_authentication(_KIND, name, args.get("authentication"), internal, pinned.zone)
    if internal and ("supported_countries" in args or "rate_limit" in args):
        raise refuse(
            _KIND,
            name,
            "supported_countries",
            "supported countries and the rate limit apply to an internet-facing service's web ACL; an internal "
            "service has none.",
        )
    countries = [] if internal else check_countries(_KIND, name, args.get("supported_countries"))
    rate_limit = check_rate_limit(_KIND, name, args.get("rate_limit", DEFAULT_RATE_LIMIT))

    cpu = args.get("cpu", 256)
    if not isinstance(cpu, int) or isinstance(cpu, bool) or cpu not in FARGATE_CPU:
        raise refuse(_KIND, name, "cpu", f"{cpu!r} is not a Fargate CPU size ({', '.join(map(str, FARGATE_CPU))}).")
    architecture = args.get("architecture", "X86_64")
    if architecture not in ("X86_64", "ARM64"):
        raise refuse(_KIND, name, "architecture", f"{architecture!r} is not 'X86_64' or 'ARM64'.")
    path = args.get("health_check_path", "/")
    if not isinstance(path, str) or not re.fullmatch(r"/[A-Za-z0-9._~/-]{0,1023}", path):
        raise refuse(_KIND, name, "health_check_path", f"{path!r} is not a path starting with '/'.")
    environment, secrets = _validate_variables(name, args, pinned)

    settings: dict[str, Any] = {
        "internal": internal,
        "image_tag": image_tag,
        "certificate_arn": _checked(
            certificate, lambda arn: check_certificate_arn(_KIND, name, arn, region, partition)
        ),
        "authentication": authentication,
        "countries": countries,
        "rate_limit": rate_limit,
        "container_port": check_int(_KIND, name, "container_port", args.get("container_port", 8080), 1, 65_535),
        "health_check_path": path,
        "cpu": cpu,
        "memory": check_int(_KIND, name, "memory", args.get("memory", 512), 512, 122_880),
        "architecture": architecture,
        "desired_count": check_int(_KIND, name, "desired_count", args.get("desired_count", 2), 0, 1000),
        "environment": environment,
        "secrets": secrets,
        "databases": _validate_databases(name, args, network),
        "read_only": check_bool(_KIND, name, "read_only_root_filesystem", args.get("read_only_root_filesystem", True)),
        "http_redirect": check_bool(_KIND, name, "http_redirect", args.get("http_redirect", False)),
        "log_retention_days": check_retention(_KIND, name, args.get("log_retention_days", 7)),
    }
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, network, settings, data_class
