"""Multi-language components expanded offline into the AWS resources their providers create.

A multi-language component (``remote=True``) is constructed by its provider's process, which the offline
runner does not have. For the components used most, this module does what the provider's ``Construct`` does
(read from pulumi/pulumi-awsx ``awsx/ecr/repository.ts`` and ``awsx/lb/applicationLoadBalancer.ts``, and
pulumi/pulumi-aws-apigateway ``aws-apigateway/restAPI.ts`` and ``apigateway/api.ts``): it
returns the children the provider registers, with their types, names (relative to the component), key
properties and which sibling each unknown property comes from. The children then go through the same
emulated provider Check as the program's own resources. Every other remote component stays unexpanded and
is reported as not checked offline.

Values the provider would look up in the cloud (the default VPC's subnets) are offline placeholders, so any
decision that rests on them is undetermined. Runs inside the program's own interpreter: standard library and
``residency.aws`` only.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from residency import aws
from residency.engine import sdk_schema
from residency.engine.records import UNKNOWN


@dataclass
class Child:
    """A resource the component's provider registers, parented to the component."""

    type: str
    name: str
    inputs: dict[str, Any]
    #: Property -> the sibling children (type, name) its value comes from (unknown until they exist).
    depends: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: ``False`` for a component the provider registers inside the component (awsx's FargateTaskDefinition).
    custom: bool = True
    #: The sibling (type, name) this child is parented to, ``None`` for the component itself.
    parent: tuple[str, str] | None = None


@dataclass
class Expansion:
    """What a component's provider would create, and the lookups it made (answered with placeholders)."""

    children: list[Child]
    lookups: list[str] = field(default_factory=list)


class ExpansionError(ValueError):
    """Arguments the component's provider refuses (its own message)."""


def _placeholder(label: str) -> str:
    return f"{aws.OFFLINE_LOOKUP_TOKEN}-{label}"


# ------------------------------------------------------------------------------------------------------------
# awsx:ecr:Repository
# ------------------------------------------------------------------------------------------------------------


def _lifecycle_rule(rule: Mapping[str, Any], priority: int) -> dict[str, Any]:
    selection: dict[str, Any] = {}
    status = rule.get("tagStatus")
    if status == "tagged":
        selection = {"tagStatus": "tagged", "tagPrefixList": rule.get("tagPrefixList")}
    elif status is not None:
        selection = {"tagStatus": status}
    if rule.get("maximumNumberOfImages") is not None:
        selection.update(countType="imageCountMoreThan", countNumber=rule["maximumNumberOfImages"])
    elif rule.get("maximumAgeLimit") is not None:
        selection.update(countType="sinceImagePushed", countNumber=rule["maximumAgeLimit"], countUnit="days")
    result: dict[str, Any] = {"rulePriority": priority}
    if rule.get("description") is not None:
        result["description"] = rule["description"]
    result.update(selection=selection, action={"type": "expire"})
    return result


def _lifecycle_policy(policy: Mapping[str, Any] | None) -> Any:
    rules = (policy or {}).get("rules")
    if rules is UNKNOWN:
        return UNKNOWN
    if not rules:
        rules = [{"description": "remove untagged images", "tagStatus": "untagged", "maximumNumberOfImages": 1}]
    ordered = [r for r in rules if r.get("tagStatus") != "any"] + [r for r in rules if r.get("tagStatus") == "any"]
    if sum(1 for r in rules if r.get("tagStatus") == "any") >= 2:
        raise ExpansionError('At most one [selection: "any"] rule can be provided.')
    return json.dumps({"rules": [_lifecycle_rule(r, i) for i, r in enumerate(ordered, start=1)]})


def ecr_repository(name: str, args: Mapping[str, Any]) -> Expansion:
    """``awsx.ecr.Repository``: an ``aws.ecr.Repository`` and (unless skipped) its lifecycle policy."""
    lower = name.lower()
    repo_args = {k: v for k, v in args.items() if k != "lifecyclePolicy" and v is not None}
    children = [Child(_REPOSITORY, lower, repo_args)]
    policy = args.get("lifecyclePolicy")
    if not (isinstance(policy, Mapping) and policy.get("skip") is True):
        inputs: dict[str, Any] = {
            "repository": UNKNOWN,
            "policy": _lifecycle_policy(policy if isinstance(policy, Mapping) else None),
        }
        if args.get("region") is not None:
            inputs["region"] = args["region"]
        children.append(
            Child("aws:ecr/lifecyclePolicy:LifecyclePolicy", lower, inputs, {"repository": [(_REPOSITORY, lower)]})
        )
    return Expansion(children)


# ------------------------------------------------------------------------------------------------------------
# awsx:lb:ApplicationLoadBalancer
# ------------------------------------------------------------------------------------------------------------

_REPOSITORY: Final = "aws:ecr/repository:Repository"
_BUCKET: Final = "aws:s3/bucket:Bucket"
_SECURITY_GROUP: Final = "aws:ec2/securityGroup:SecurityGroup"
_LOAD_BALANCER: Final = "aws:lb/loadBalancer:LoadBalancer"
_TARGET_GROUP: Final = "aws:lb/targetGroup:TargetGroup"
_ALB_OWN_ARGS: Final = frozenset(
    {"subnetIds", "subnets", "defaultTargetGroup", "defaultTargetGroupPort", "defaultSecurityGroup", "listener",
     "listeners"}
)


def _listener_protocol(listener: Mapping[str, Any] | None, default_port: Any = None) -> dict[str, Any]:
    if listener:
        port, protocol = listener.get("port"), listener.get("protocol")
        if port is not None and protocol is not None:
            return {"port": port, "protocol": protocol}
        if port is not None:
            return {"port": port, "protocol": "HTTPS" if port == 443 else ("HTTP" if port is not UNKNOWN else UNKNOWN)}
        if protocol is not None:
            return {"protocol": protocol, "port": 443 if protocol == "HTTPS" else (80 if protocol is not UNKNOWN
                                                                                  else UNKNOWN)}
    return {"port": 80 if default_port is None else default_port, "protocol": "HTTP"}


def application_load_balancer(name: str, args: Mapping[str, Any]) -> Expansion:
    """``awsx.lb.ApplicationLoadBalancer``: security group, load balancer, default target group, listeners."""
    lb_args: dict[str, Any] = {k: v for k, v in args.items() if k not in _ALB_OWN_ARGS and v is not None}
    subnet_ids, subnets = args.get("subnetIds"), args.get("subnets")
    if sum(v is not None for v in (subnet_ids, subnets, lb_args.get("subnetMappings"))) > 1:
        raise ExpansionError("Only one of [subnets], [subnetIds] or [subnetMappings] can be specified")
    lookups: list[str] = []
    if subnets is not None:
        lb_args["subnets"] = subnets
        vpc_id: Any = UNKNOWN
    elif subnet_ids is not None:
        lb_args["subnets"] = subnet_ids
        vpc_id = _placeholder("vpc-id")
        lookups.append("aws:ec2/getSubnet:getSubnet")
    elif lb_args.get("subnetMappings") is not None:
        vpc_id = _placeholder("vpc-id")
        lookups.append("aws:ec2/getSubnet:getSubnet")
    else:
        # awsx's getDefaultVpc looks the account's default VPC and its public subnets up in the cloud.
        vpc_id = _placeholder("vpc-id")
        lb_args["subnets"] = [_placeholder("subnet-id")]
        lookups.append("awsx:ec2:getDefaultVpc")
    listener, listeners = args.get("listener"), args.get("listeners")
    if listener is not None and listeners is not None:
        raise ExpansionError("Only one of [listener] and [listeners] can be specified")
    children: list[Child] = []
    security_group = args.get("defaultSecurityGroup") or {}
    lb_depends: dict[str, list[tuple[str, str]]] = {}
    if lb_args.get("securityGroups") is None and security_group.get("skip") is not True:
        if security_group.get("args") is not None and security_group.get("securityGroupId") is not None:
            raise ExpansionError("Only one of [defaultSecurityGroup] [args] or [securityGroupId] can be specified")
        if security_group.get("securityGroupId") is not None:
            lb_args["securityGroups"] = [security_group["securityGroupId"]]
        else:
            open_rule = {"cidrBlocks": ["0.0.0.0/0"], "ipv6CidrBlocks": ["::/0"]}
            group_args = security_group.get("args") or {
                "vpcId": vpc_id,
                "ingress": [{"fromPort": 0, "toPort": 0, "protocol": "-1", **open_rule}],
                "egress": [{"fromPort": 0, "toPort": 65535, "protocol": "tcp", **open_rule}],
            }
            children.append(Child(_SECURITY_GROUP, name, dict(group_args)))
            lb_args["securityGroups"] = [UNKNOWN]
            lb_depends["securityGroups"] = [(_SECURITY_GROUP, name)]
    lb_args["loadBalancerType"] = "application"
    children.append(Child(_LOAD_BALANCER, name, lb_args, lb_depends))
    default_target_group, default_port = args.get("defaultTargetGroup"), args.get("defaultTargetGroupPort")
    if default_target_group is not None and default_port is not None:
        raise ExpansionError("Only one of `defaultTargetGroup` or `defaultTargetGroupPort` can be provided.")
    if listeners is not None:
        default_protocol = _listener_protocol(listeners[0], default_port) if len(listeners) != 1 else {}
    else:
        default_protocol = _listener_protocol(listener, default_port)
    children.append(
        Child(
            _TARGET_GROUP,
            name,
            {"vpcId": vpc_id, "targetType": "ip", **default_protocol, **(default_target_group or {})},
        )
    )
    default_actions = [{"type": "forward", "targetGroupArn": UNKNOWN}]
    specs = [dict(listener)] if listener is not None else [dict(x) for x in listeners] if listeners else [{}]
    for index, spec in enumerate(specs):
        protocol = default_protocol if listeners is None else _listener_protocol(spec)
        inputs = {"defaultActions": default_actions, **protocol, **spec, "loadBalancerArn": UNKNOWN}
        depends = {"loadBalancerArn": [(_LOAD_BALANCER, name)]}
        if "defaultActions" not in spec:
            depends["defaultActions"] = [(_TARGET_GROUP, name)]
        children.append(Child("aws:lb/listener:Listener", f"{name}-{index}", inputs, depends))
    return Expansion(children, lookups)


# ------------------------------------------------------------------------------------------------------------
# awsx:ecr:Image and awsx:ecs:FargateService
# ------------------------------------------------------------------------------------------------------------


def _contains_unknown(value: Any) -> bool:
    if value is UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_unknown(v) for v in value)
    return False


def ecr_image(name: str, args: Mapping[str, Any]) -> Expansion:
    """``awsx.ecr.Image``: awsx builds inside ``output(args).apply``, so nothing exists while an argument is unknown.

    With every argument known it registers one ``docker-build:index:Image`` that pushes to the repository (no AWS
    resource); the registry credentials come from a lookup.
    """
    if _contains_unknown(args):
        return Expansion([])
    repository_url = args.get("repositoryUrl")
    image_name = args.get("imageName") or args.get("imageTag")
    if not image_name:
        signature = str(args.get("context") or ".")
        if args.get("dockerfile"):
            signature += f";dockerfile={args['dockerfile']}"
        for key, value in (args.get("args") or {}).items():
            signature += f";arg[{key}]={value}"
        image_name = f"{_sha1_8(signature + str(args.get('_stack', '')))}-container"
    canonical = f"{repository_url}:{image_name}"
    cache_from = [{"registry": {"ref": c}} for c in args.get("cacheFrom") or []] or [{"registry": {"ref": canonical}}]
    inputs = {
        "tags": [canonical],
        "cacheFrom": cache_from,
        "cacheTo": [{"inline": {}}],
        "context": {"location": args.get("context") or "."},
        "dockerfile": {"location": args.get("dockerfile")},
        "platforms": [args["platform"]] if args.get("platform") else [],
        "push": True,
        "registries": [{"address": repository_url, "username": _placeholder("user"),
                        "password": _placeholder("password")}],
    }
    for key, source in (("buildArgs", "args"), ("target", "target")):
        if args.get(source) is not None:
            inputs[key] = args[source]
    return Expansion([Child("docker-build:index:Image", str(image_name), inputs)],
                     ["aws:ecr/getAuthorizationToken:getAuthorizationToken"])


_TASK_DEFINITION_COMPONENT: Final = "awsx:ecs:FargateTaskDefinition"
_LOG_GROUP: Final = "aws:cloudwatch/logGroup:LogGroup"
_ROLE: Final = "aws:iam/role:Role"
_TASK_DEFINITION: Final = "aws:ecs/taskDefinition:TaskDefinition"
_EXECUTION_POLICY: Final = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
_ASSUME_ROLE_POLICY: Final = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Action": "sts:AssumeRole",
                                             "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                                             "Effect": "Allow", "Sid": ""}]},
    separators=(",", ":"),
)


def _schema_inputs(type_: str, args: Mapping[str, Any]) -> dict[str, Any]:
    schema = sdk_schema.resource_schema(type_)
    return {k: v for k, v in args.items() if v is not None and (schema is None or k in schema.inputs)}


def _role(name: str, spec: Any, policy_arns: list[str], parent: tuple[str, str]) -> tuple[list[Child], Any]:
    """awsx's defaultRoleWithPolicies: a role (and its policy attachments), an existing ARN, or nothing."""
    spec = spec if isinstance(spec, Mapping) else {}
    if spec.get("roleArn") is not None and spec.get("args") is not None:
        raise ExpansionError("Can't define role args if specified an existing role ARN")
    if spec.get("skip") is True:
        return [], None
    if spec.get("roleArn") is not None:
        return [], spec["roleArn"]
    args = {"assumeRolePolicy": _ASSUME_ROLE_POLICY, **(spec.get("args") or {})}
    arns = list(args.pop("policyArns", None) or policy_arns)
    if not isinstance(args["assumeRolePolicy"], str) and args["assumeRolePolicy"] is not UNKNOWN:
        args["assumeRolePolicy"] = json.dumps(args["assumeRolePolicy"], separators=(",", ":"))
    children = [Child(_ROLE, name, args, parent=parent)]
    children += [
        Child("aws:iam/rolePolicyAttachment:RolePolicyAttachment", f"{name}-{_sha1_8(arn)}",
              {"role": UNKNOWN, "policyArn": arn}, {"role": [(_ROLE, name)]}, parent=parent)
        for arn in arns
    ]
    return children, UNKNOWN


def _task_definition(name: str, args: Mapping[str, Any], parent: tuple[str, str] | None) -> list[Child]:
    """awsx's FargateTaskDefinition: a log group, task and execution roles, and the task definition."""
    if (args.get("container") is None) == (args.get("containers") is None):
        raise ExpansionError("Exactly one of [container] or [containers] must be provided")
    me = (_TASK_DEFINITION_COMPONENT, name)
    children = [Child(_TASK_DEFINITION_COMPONENT, name, {}, custom=False, parent=parent)]
    found = args.get("logGroup")
    log_group: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    depends: dict[str, list[tuple[str, str]]] = {}
    if not log_group.get("skip") and log_group.get("existing") is None:
        children.append(Child(_LOG_GROUP, name, dict(log_group.get("args") or {}), parent=me))
        depends["containerDefinitions"] = [(_LOG_GROUP, name)]
    task_children, task_arn = _role(f"{name}-task", args.get("taskRole"), [], me)
    execution_children, execution_arn = _role(f"{name}-execution", args.get("executionRole"), [_EXECUTION_POLICY], me)
    children += task_children + execution_children
    inputs = _schema_inputs(_TASK_DEFINITION, args)
    inputs.update(requiresCompatibilities=["FARGATE"], networkMode="awsvpc",
                  # The container definitions (with the log group's name and region) are JSON built in an apply.
                  containerDefinitions=UNKNOWN, family=args.get("family", UNKNOWN))
    inputs.setdefault("cpu", UNKNOWN)
    inputs.setdefault("memory", UNKNOWN)
    for key, arn, role_name in (("taskRoleArn", task_arn, f"{name}-task"),
                                ("executionRoleArn", execution_arn, f"{name}-execution")):
        if arn is not None:
            inputs[key] = arn
            if arn is UNKNOWN:
                depends[key] = [(_ROLE, role_name)]
    children.append(Child(_TASK_DEFINITION, name, inputs, depends, parent=me))
    return children


def fargate_service(name: str, args: Mapping[str, Any]) -> Expansion:
    """``awsx.ecs.FargateService``: its task definition (when given as arguments), a security group, the service."""
    if args.get("taskDefinition") is not None and args.get("taskDefinitionArgs") is not None:
        raise ExpansionError("Only one of `taskDefinition` or `taskDefinitionArgs` can be provided.")
    if args.get("networkConfiguration") is not None and args.get("assignPublicIp") is not None:
        raise ExpansionError("Only one of `networkConfiguration` or `assignPublicIp` can be provided.")
    children: list[Child] = []
    depends: dict[str, list[tuple[str, str]]] = {}
    lookups: list[str] = []
    task_definition = args.get("taskDefinition")
    if args.get("taskDefinitionArgs") is not None:
        children += _task_definition(name, args["taskDefinitionArgs"], None)
        task_definition = UNKNOWN
        depends["taskDefinition"] = [(_TASK_DEFINITION, name)]
    if task_definition is None:
        raise ExpansionError("Either `taskDefinition` or `taskDefinitionArgs` must be provided.")
    inputs: dict[str, Any] = {"desiredCount": 1, **_schema_inputs("aws:ecs/service:Service", args)}
    network = args.get("networkConfiguration")
    if network is None:
        group = f"{name}-sg"
        open_rule = {"cidrBlocks": ["0.0.0.0/0"], "ipv6CidrBlocks": ["::/0"]}
        children.append(Child(_SECURITY_GROUP, group, {
            "vpcId": _placeholder("vpc-id"),
            "ingress": [{"fromPort": 0, "toPort": 0, "protocol": "-1", **open_rule}],
            "egress": [{"fromPort": 0, "toPort": 65535, "protocol": "tcp", **open_rule}],
        }))
        network = {"subnets": [_placeholder("subnet-id")], "assignPublicIp": bool(args.get("assignPublicIp")),
                   "securityGroups": [UNKNOWN]}
        depends["networkConfiguration"] = [(_SECURITY_GROUP, group)]
        lookups.append("awsx:ec2:getDefaultVpc")
    inputs["networkConfiguration"] = network
    if args.get("capacityProviderStrategies") and args.get("useClusterDefaultCapacityProviderStrategy"):
        raise ExpansionError("Only one of `capacityProviderStrategies` or `useClusterDefaultCapacityProviderStrategy` "
                             "can be provided.")
    if not (args.get("capacityProviderStrategies") or args.get("useClusterDefaultCapacityProviderStrategy")):
        inputs["launchType"] = "FARGATE"
    if args.get("loadBalancers") is None and args.get("taskDefinitionArgs") is not None:
        # Computed from the containers' target groups, whose ARNs are not known yet.
        inputs["loadBalancers"] = UNKNOWN
    continue_before = args.get("continueBeforeSteadyState")
    inputs["waitForSteadyState"] = UNKNOWN if continue_before is UNKNOWN else not continue_before
    inputs["taskDefinition"] = task_definition
    children.append(Child("aws:ecs/service:Service", name, inputs, depends))
    return Expansion(children, lookups)


# ------------------------------------------------------------------------------------------------------------
# aws-apigateway:index:RestAPI
# ------------------------------------------------------------------------------------------------------------

_REST_API: Final = "aws:apigateway/restApi:RestApi"
_DEPLOYMENT: Final = "aws:apigateway/deployment:Deployment"
_SIG_KEY: Final = "4dabf18193072939515e22adb298388d"


def _sha1_8(text: str) -> str:
    # aws-apigateway's sha1hash: the first 8 hex digits of SHA-1.
    return hashlib.sha1(text.encode()).hexdigest()[:8]  # a name, not security


def _handler_urn(raw_route: Any) -> str | None:
    handler = raw_route.get("eventHandler") if isinstance(raw_route, Mapping) else None
    if isinstance(handler, Mapping) and handler.get(_SIG_KEY) is not None:
        urn = handler.get("urn")
        return urn if isinstance(urn, str) else None
    return None


_APIGATEWAY_ASSUME_ROLE_POLICY: Final = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow",
                                             "Principal": {"Service": "apigateway.amazonaws.com"},
                                             "Action": "sts:AssumeRole"}]},
    separators=(",", ":"),
)
_ASSET_SIG: Final = "c44067f5952c0a294b673a41bacd8c17"


def _static_routes(name: str, args: Mapping[str, Any], routes: list[Mapping[str, Any]]) -> list[Child] | None:
    """The bucket, per-route roles and one object per file that aws-apigateway creates for ``localPath`` routes.

    The provider reads the files from its working directory, the project's (the offline runner's too).
    """
    bucket_arg = args.get("staticRoutesBucket")
    children: list[Child] = []
    bucket_depends: list[tuple[str, str]] = []
    if isinstance(bucket_arg, str) or bucket_arg is UNKNOWN:
        bucket_value: Any = bucket_arg  # an existing bucket (a resource reference arrives as its id)
    else:
        bucket_name = re.sub(r"[^a-z0-9\-]", "", name.lower())
        children.append(Child(_BUCKET, bucket_name, dict(bucket_arg or {})))
        bucket_value, bucket_depends = UNKNOWN, [(_BUCKET, bucket_name)]
    tags = args.get("tags")

    def role(key: str) -> None:
        role_inputs: dict[str, Any] = {"assumeRolePolicy": _APIGATEWAY_ASSUME_ROLE_POLICY}
        if tags is not None:
            role_inputs["tags"] = tags
        children.append(Child(_ROLE, key, role_inputs))
        children.append(Child("aws:iam/rolePolicyAttachment:RolePolicyAttachment", key,
                              {"role": UNKNOWN, "policyArn": "arn:aws:iam::aws:policy/AmazonS3FullAccess"},
                              {"role": [(_ROLE, key)]}))

    def bucket_object(key: str, path: Path, content_type: Any = None) -> None:
        inputs: dict[str, Any] = {"bucket": bucket_value, "key": key,
                                  "source": {_SIG_KEY: _ASSET_SIG, "path": str(path)}}
        if tags is not None:
            inputs["tags"] = tags
        guessed = content_type or mimetypes.guess_type(path.name)[0]
        if guessed:
            inputs["contentType"] = guessed
        children.append(Child("aws:s3/bucketObject:BucketObject", key, inputs,
                              {"bucket": bucket_depends} if bucket_depends else {}))

    for route in routes:
        local = route.get("localPath")
        if not isinstance(local, str):
            return None
        path = str(route.get("path") or "")
        path = path if path.startswith("/") else "/" + path
        target = Path(local) if Path(local).is_absolute() else Path.cwd() / local
        if target.is_file():
            key = name + _sha1_8(f"get:{path}")
            role(key)
            bucket_object(key, target, route.get("contentType"))
        elif target.is_dir():
            directory_key = name + _sha1_8(f"get:{path if path.endswith('/') else path + '/'}")
            role(directory_key)
            for file in sorted(p for p in target.rglob("*") if p.is_file()):
                bucket_object(f"{directory_key}/{file.relative_to(target).as_posix()}", file)
        else:
            raise ExpansionError(f"ENOENT: no such file or directory, stat '{local}'")
    return children


def rest_api(name: str, args: Mapping[str, Any], raw: Mapping[str, Any]) -> Expansion | None:
    """``aws_apigateway.RestAPI`` with Lambda or integration routes, or a swagger document.

    Static routes become the bucket and objects the provider uploads. Authorizers are not expanded (``None``):
    the component then stays a not-checked-offline finding.
    """
    routes = args.get("routes") or []
    if routes is UNKNOWN or any(not isinstance(r, Mapping) for r in routes):
        return None
    if any(r.get("authorizers") for r in routes):
        return None
    swagger = args.get("swaggerString")
    if swagger is None and not routes:
        raise ExpansionError("API must specify either [swaggerString] or as least one of the [route] options.")
    title: Any = name
    if swagger is not None:
        routes = []
        if isinstance(swagger, str):
            try:
                spec = json.loads(swagger)
            except ValueError as exc:
                raise ExpansionError(f"swaggerString is not JSON: {exc}") from None
            title = (spec.get("info") or {}).get("title") or name if isinstance(spec, Mapping) else name
        else:
            title = UNKNOWN
    children: list[Child] = []
    if any(r.get("localPath") is not None for r in routes):
        static = _static_routes(name, args, [r for r in routes if r.get("localPath") is not None])
        if static is None:
            return None
        children += static
    schema = sdk_schema.resource_schema(_REST_API)
    api_inputs = {k: v for k, v in args.items() if v is not None and (schema is None or k in schema.inputs)}
    api_inputs.update(
        name=args.get("name") if args.get("name") is not None else title,
        binaryMediaTypes=args.get("binaryMediaTypes") or ["*/*"],
        # The swagger document embeds the handlers' invoke ARNs: unknown until they exist.
        body=swagger if swagger is not None else UNKNOWN,
    )
    if args.get("apiKeySource") is None:
        api_inputs.pop("apiKeySource", None)
    children.append(Child(_REST_API, name, api_inputs))
    if args.get("policy") is not None:
        children.append(Child("aws:apigateway/restApiPolicy:RestApiPolicy", name,
                              {"restApiId": UNKNOWN, "policy": args["policy"]}, {"restApiId": [(_REST_API, name)]}))
    children.append(Child(_DEPLOYMENT, name, {"restApi": UNKNOWN, "variables": {"version": UNKNOWN}},
                          {"restApi": [(_REST_API, name)], "variables": [(_REST_API, name)]}))
    found_routes = raw.get("routes")
    raw_routes: list[Any] = found_routes if isinstance(found_routes, list) else []
    stage_depends: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, route in enumerate(routes):
        if route.get("eventHandler") is None:
            continue
        method = route.get("method")
        if method is None:
            raise ExpansionError(f"Route at index {index} is missing 'method'.")
        path = str(route.get("path") or "")
        path = path if path.startswith("/") else "/" + path
        method_and_path = f"{'*' if method == 'ANY' else method}{path}"
        if method_and_path in seen:
            continue
        seen.add(method_and_path)
        handler = _handler_urn(raw_routes[index] if index < len(raw_routes) else None)
        permission = f"{name}-{_sha1_8(method_and_path)}"
        children.append(
            Child(
                "aws:lambda/permission:Permission",
                permission,
                {"action": "lambda:invokeFunction", "function": UNKNOWN, "principal": "apigateway.amazonaws.com",
                 "sourceArn": UNKNOWN},
                {"sourceArn": [(_REST_API, name)], "function": [("", handler)] if handler else []},
            )
        )
        stage_depends.append(("aws:lambda/permission:Permission", permission))
    stage: dict[str, Any] = {"restApi": UNKNOWN, "deployment": UNKNOWN, "stageName": args.get("stageName") or "stage"}
    if args.get("tags") is not None:
        stage["tags"] = args["tags"]
    children.append(Child("aws:apigateway/stage:Stage", name, stage,
                          {"restApi": [(_REST_API, name)], "deployment": [(_DEPLOYMENT, name)]}))
    return Expansion(children)


#: The component types expanded offline, with the function that expands each (``None``: not expandable here).
EXPANSIONS: Final[Mapping[str, Callable[[str, Mapping[str, Any], Mapping[str, Any]], Expansion | None]]] = {
    "awsx:ecr:Repository": lambda name, args, _raw: ecr_repository(name, args),
    "awsx:lb:ApplicationLoadBalancer": lambda name, args, _raw: application_load_balancer(name, args),
    "awsx:ecr:Image": lambda name, args, _raw: ecr_image(name, args),
    "awsx:ecs:FargateService": lambda name, args, _raw: fargate_service(name, args),
    "aws-apigateway:index:RestAPI": rest_api,
}
