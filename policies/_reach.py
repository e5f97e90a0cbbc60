"""The reachability model: can a client on the internet reach this resource, and through what front door?

One place answers it for every endpoint kind (:data:`KINDS`). Each kind says how it is detected and what can
restrict it:

``waf``
    AWS WAF can protect it through a ``wafv2.WebAclAssociation`` naming the resource (or, for a Cognito hosted UI
    domain, its user pool): REST API stages, application load balancers, AppSync GraphQL and Event APIs, Cognito
    user pools, App Runner services and Amplify apps
    (https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html).
``cloudfront``
    A CloudFront distribution (or multi-tenant distribution, or one of its tenants) is restricted by its
    ``restrictions.geoRestriction`` or by the web ACL in ``webAclId``.
``none``
    Nothing AWS enforces can limit it to countries: it must not answer the internet at all (private, internal,
    or IAM-authorized callers only).

:func:`exposures` yields an :class:`Exposure` for every resource that may answer the internet, with
``answer`` ``yes`` (it does) or ``maybe`` (it depends on values not known here). The exposure rules decide what
each one needs. The table in ``docs/exposure.md`` lists the kinds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from residency import catalog

from . import _openapi
from ._network import (
    MAYBE,
    NO,
    YES,
    Answer,
    Network,
    all_private,
    both,
    either,
    first_subnets,
)
from ._public import public_grants
from ._refs import resolve, resolve_one
from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_list, as_mapping, is_true, select
from .stateless import endpoint_types


@dataclass(frozen=True)
class Exposure:
    """A resource that may answer the internet: what it is, what restricts it, and why it is reachable.

    ``target`` is the resource a web ACL association must name (the resource itself, or the Cognito user pool of
    a hosted UI domain); ``fix`` is the remediation sentence for messages.
    """

    subject: Subject
    kind: str
    front: str
    answer: Answer
    fix: str
    target: Subject | None = None


@dataclass(frozen=True)
class Kind:
    """How to tell whether a resource of one type answers the internet, and what can restrict it."""

    label: str
    front: str
    reach: Callable[[Subject, Reach], Answer]
    fix: str
    how: str = ""


class Reach:
    """The stack's network and references, shared by the kinds' detectors."""

    def __init__(self, index: StackIndex) -> None:
        self.index = index
        self.network = Network(index)
        self._domain_policies: dict[str, list[Subject]] = {}
        for subject in index.subjects:
            if subject.type in (catalog.OPENSEARCH_DOMAIN_POLICY, catalog.ELASTICSEARCH_DOMAIN_POLICY):
                domain = resolve_one(index, subject, "domainName", subject.props.get("domainName"),
                                     (catalog.OPENSEARCH_DOMAIN, catalog.ELASTICSEARCH_DOMAIN))
                key = domain.found[0].urn if domain.found else ""
                self._domain_policies.setdefault(key, []).append(subject)

    def domain_policies(self, domain: Subject) -> list[Subject]:
        """Standalone access policies of a search domain (and those whose domain is unknown)."""
        return [*self._domain_policies.get(domain.urn, []), *self._domain_policies.get("", [])]


# ------------------------------------------------------------------------------------------------------------
# Endpoints a web ACL can protect
# ------------------------------------------------------------------------------------------------------------


def stage_api(stage: Subject, index: StackIndex) -> Subject | None:
    """The REST API of a stage, if it is in the stack."""
    value = stage.props.get("restApi")
    found = resolve_one(index, stage, "restApi", value, (catalog.APIGW_REST_API,))
    if found.found:
        return found.found[0]
    if isinstance(value, str):
        return index.rest_apis.get(value)
    return None


def _stage(stage: Subject, reach: Reach) -> Answer:
    api = stage_api(stage, reach.index)
    if api is None:
        return Answer(YES, "its REST API is not in this stack, so it is taken to be public")
    types = endpoint_types(api.props)
    if types == ["PRIVATE"]:
        return Answer(NO)
    if types is UNKNOWN:
        return Answer(YES, f"the endpoint type of REST API {api.name!r} is unknown at preview")
    return Answer(YES, f"REST API {api.name!r} is not PRIVATE")


def _application_lb(lb: Subject, _reach: Reach) -> Answer:
    if lb.props.get("loadBalancerType") not in (None, "application", UNKNOWN):
        return Answer(NO)
    if is_true(lb.props.get("internal")):
        return Answer(NO)
    return Answer(YES, "`internal` is not true")


def _graphql(api: Subject, _reach: Reach) -> Answer:
    if api.props.get("visibility") == "PRIVATE":
        return Answer(NO)
    return Answer(YES, "`visibility` is not PRIVATE")


def _always(why: str) -> Callable[[Subject, Reach], Answer]:
    def reach(_subject: Subject, _reach: Reach) -> Answer:
        return Answer(YES, why)

    return reach


def _apprunner(service: Subject, _reach: Reach) -> Answer:
    ingress = service.props.get("networkConfiguration")
    if ingress is UNKNOWN:
        return Answer(MAYBE, "`networkConfiguration` is unknown at preview")
    public = as_mapping(as_mapping(ingress).get("ingressConfiguration")).get("isPubliclyAccessible")
    if public is UNKNOWN:
        return Answer(MAYBE, "`networkConfiguration.ingressConfiguration.isPubliclyAccessible` is unknown at "
                             "preview")
    if public is False or (isinstance(public, str) and public.strip().lower() == "false"):
        return Answer(NO)
    return Answer(YES, "it is publicly accessible (the default)")


def user_pool_of(domain: Subject, index: StackIndex) -> Subject | None:
    """The Cognito user pool of a hosted UI domain, if it is in the stack."""
    found = resolve_one(index, domain, "userPoolId", domain.props.get("userPoolId"), (catalog.COGNITO_USER_POOL,))
    return found.found[0] if found.found else None


# ------------------------------------------------------------------------------------------------------------
# Endpoints nothing can geo-restrict
# ------------------------------------------------------------------------------------------------------------


def _function_url(url: Subject, _reach: Reach) -> Answer:
    auth = url.props.get("authorizationType")
    if auth is UNKNOWN:
        return Answer(MAYBE, "`authorizationType` is unknown at preview")
    if auth == "AWS_IAM":
        return Answer(NO)
    return Answer(YES, "`authorizationType` is not AWS_IAM, so anyone can call it")


_URL_ACTIONS: Final = frozenset({"lambda:invokefunctionurl", "lambda:*", "*"})


def _lambda_permission(permission: Subject, _reach: Reach) -> Answer:
    props = permission.props
    principal = props.get("principal")
    if principal is UNKNOWN:
        return Answer(MAYBE, "`principal` is unknown at preview")
    if principal != "*":
        return Answer(NO)
    action = props.get("action")
    if action is UNKNOWN:
        return Answer(MAYBE, "`action` is unknown at preview")
    action_text = str(action).strip().lower()
    if action_text in _URL_ACTIONS or props.get("functionUrlAuthType") not in (None, "") or is_true(
            props.get("invokedViaFunctionUrl")):
        return Answer(YES, "`principal` is \"*\" for the function URL, so anyone can call it")
    if any(props.get(k) not in (None, "") for k in ("sourceArn", "sourceAccount", "principalOrgId")):
        return Answer(NO)
    return Answer(YES, "`principal` is \"*\" with no `sourceArn`, `sourceAccount` or `principalOrgId`, so every "
                       "AWS account can invoke the function")


def _v2_api_of(route: Subject, index: StackIndex) -> Subject | None:
    found = resolve_one(index, route, "apiId", route.props.get("apiId"), (catalog.APIGWV2_API,))
    return found.found[0] if found.found else None


def _v2_route(route: Subject, reach: Reach) -> Answer:
    props = route.props
    key = props.get("routeKey")
    auth = props.get("authorizationType")
    api = _v2_api_of(route, reach.index)
    protocol = api.props.get("protocolType") if api is not None else None
    if protocol is None and isinstance(key, str):
        if key in ("$connect", "$disconnect") or (" " not in key.strip() and key != "$default"):
            protocol = "WEBSOCKET"
        elif " " in key.strip():
            protocol = "HTTP"
    if protocol == "WEBSOCKET" and key != "$connect":
        # AWS accepts authorization on $connect only: the connection is authorized once, when it is made.
        return Answer(NO)
    if auth is UNKNOWN:
        return Answer(MAYBE, "`authorizationType` is unknown at preview")
    if auth == "AWS_IAM":
        return Answer(NO)
    if protocol not in ("HTTP", "WEBSOCKET"):
        return Answer(MAYBE, "its API is not in this stack, so whether this `$default` route is an HTTP route "
                             "(which must use AWS_IAM) or a WebSocket route (authorized on `$connect`) is unknown")
    what = "$connect route" if protocol == "WEBSOCKET" else "route"
    return Answer(YES, f"this {what}'s `authorizationType` is not AWS_IAM, so anyone can call it")


def _v2_api(api: Subject, _reach: Reach) -> Answer:
    props = api.props
    if props.get("target") not in (None, ""):
        return Answer(YES, "`target` (quick create) gives it an unauthenticated default route")
    if props.get("body") in (None, "") or props.get("protocolType") == "WEBSOCKET":
        return Answer(NO)
    spec = _openapi.parse(props.get("body"))
    if spec.unknown:
        return Answer(MAYBE, f"`body` {spec.unknown}")
    for operation in spec.operations():
        auth = spec.authorization(operation)
        if auth.kind != "iam":
            return Answer(YES, f"the {operation.label} in `body` {auth.describe('is not authorized by IAM')}")
    return Answer(NO)


def _network_lb(lb: Subject, _reach: Reach) -> Answer:
    if lb.type in (catalog.LB_LOAD_BALANCER, catalog.ALB_LOAD_BALANCER) and lb.props.get("loadBalancerType") != \
            "network":
        return Answer(NO)
    internal = lb.props.get("internal")
    if internal is UNKNOWN:
        return Answer(MAYBE, "`internal` is unknown at preview")
    if is_true(internal):
        return Answer(NO)
    return Answer(YES, "`internal` is not true")


def _transfer(server: Subject, _reach: Reach) -> Answer:
    kind = server.props.get("endpointType")
    if kind is UNKNOWN:
        return Answer(MAYBE, "`endpointType` is unknown at preview")
    if kind in (None, "", "PUBLIC"):
        return Answer(YES, "`endpointType` is PUBLIC (the default)")
    details = server.props.get("endpointDetails")
    if details is UNKNOWN:
        return Answer(MAYBE, "`endpointDetails` is unknown at preview")
    eips = as_mapping(details).get("addressAllocationIds")
    if eips is UNKNOWN:
        return Answer(MAYBE, "`endpointDetails.addressAllocationIds` is unknown at preview")
    if as_list(eips):
        return Answer(YES, "its VPC endpoint has Elastic IPs (`endpointDetails.addressAllocationIds`), which "
                           "make it internet-facing")
    return Answer(NO)


def _enabled(prop: str, why: str) -> Callable[[Subject, Reach], Answer]:
    def reach(subject: Subject, _reach: Reach) -> Answer:
        value = subject.props.get(prop)
        if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
            return Answer(NO)
        return Answer(YES, why)

    return reach


def _lightsail_container(service: Subject, _reach: Reach) -> Answer:
    if is_true(service.props.get("isDisabled")):
        return Answer(NO)
    return Answer(YES, "a container service has a public endpoint")


def _lightsail_database(database: Subject, _reach: Reach) -> Answer:
    public = database.props.get("publiclyAccessible")
    if public is UNKNOWN:
        return Answer(MAYBE, "`publiclyAccessible` is unknown at preview")
    return Answer(YES, "`publiclyAccessible` is true") if is_true(public) else Answer(NO)


def _search_domain(domain: Subject, reach: Reach) -> Answer:
    vpc = domain.props.get("vpcOptions")
    if vpc is UNKNOWN:
        return Answer(MAYBE, "`vpcOptions` is unknown at preview")
    subnets = as_mapping(vpc).get("subnetIds")
    if subnets is UNKNOWN:
        return Answer(MAYBE, "`vpcOptions.subnetIds` is unknown at preview")
    if as_list(subnets):
        return Answer(NO)
    documents = [("accessPolicies", domain.props.get("accessPolicies"), domain.name)]
    documents += [("accessPolicies", p.props.get("accessPolicies"), p.name) for p in reach.domain_policies(domain)]
    answer = Answer(NO)
    for path, document, owner in documents:
        if document in (None, ""):
            continue
        for grant in public_grants(document):
            where = f"`{path}` of {owner!r}" if owner != domain.name else f"`{path}`"
            if grant.undetermined:
                answer = either(answer, Answer(MAYBE, f"it has a public endpoint (no `vpcOptions`) and {where} "
                                                      f"{grant.undetermined}"))
            else:
                return Answer(YES, f"it has a public endpoint (no `vpcOptions`) and {where} statement "
                                   f"#{grant.statement} allows everyone")
    return answer


# -- instances --------------------------------------------------------------------------------------------------


def _instance(instance: Subject, reach: Reach) -> Answer:
    props = instance.props
    network = reach.network
    if props.get("networkInterfaces") not in (None, []):
        return _interfaces(instance, reach)
    template = _template_of(instance, "launchTemplate", reach)
    groups = network.groups(instance, "vpcSecurityGroupIds", props.get("vpcSecurityGroupIds"))
    names = network.groups(instance, "securityGroups", props.get("securityGroups"))
    groups.found += [g for g in names.found if g not in groups.found]
    groups.unresolved = groups.unresolved or names.unresolved
    if not groups.found and not groups.unresolved and template is not None:
        groups = _template_groups(template, reach)
    subnet, unresolved = network.subnet(instance, "subnetId", props.get("subnetId"))
    if props.get("subnetId") in (None, "") and not unresolved:
        subnet_public = Answer(YES, "it is launched in a default subnet, which maps public IPs on launch")
    elif subnet is None:
        subnet_public = Answer(MAYBE, "its subnet is not in this stack")
    else:
        subnet_public = network.maps_public_ip(subnet)
    v4 = _public_v4(props.get("associatePublicIpAddress"), subnet_public)
    if network.has_eip(instance):
        v4 = Answer(YES, "an Elastic IP is attached")
    v6 = _public_v6(instance, subnet, network)
    return _machine(groups, v4, v6, network.routes_to_internet(subnet) if subnet is not None else Answer(YES), network)


def _interfaces(instance: Subject, reach: Reach) -> Answer:
    """An instance launched with network interfaces of its own: each one's subnet, groups and addresses."""
    network = reach.network
    listed = instance.props.get("networkInterfaces")
    ids = [UNKNOWN] if listed is UNKNOWN else [as_mapping(n).get("networkInterfaceId") for n in as_list(listed)]
    interfaces = resolve(reach.index, instance, "networkInterfaces", ids, (catalog.EC2_NETWORK_INTERFACE,))
    answers: list[Answer] = []
    for interface in interfaces.found:
        props = interface.props
        groups = network.groups(interface, "securityGroups", props.get("securityGroups"))
        subnet, unresolved = network.subnet(interface, "subnetId", props.get("subnetId"))
        subnet_public = Answer(MAYBE, "the subnet of its network interface is not in this stack") \
            if subnet is None or unresolved else network.maps_public_ip(subnet)
        v4 = Answer(YES, f"an Elastic IP is attached to network interface {interface.name!r}") \
            if network.has_eip(interface) else subnet_public
        has_v6 = as_list(props.get("ipv6Addresses")) or (isinstance(props.get("ipv6AddressCount"), int | float)
                                                         and props.get("ipv6AddressCount", 0) > 0)
        v6 = Answer(YES, f"network interface {interface.name!r} has an IPv6 address") if has_v6 else Answer(NO)
        route = network.routes_to_internet(subnet) if subnet is not None else Answer(YES)
        answers.append(_machine(groups, v4, v6, route, network))
    if interfaces.unresolved:
        answers.append(Answer(MAYBE, "a network interface of it is not in this stack"))
    return either(*answers) if answers else Answer(NO)


def _public_v4(associate: Any, subnet_public: Answer) -> Answer:
    if associate is UNKNOWN:
        return Answer(MAYBE, "`associatePublicIpAddress` is unknown at preview")
    if is_true(associate):
        return Answer(YES, "`associatePublicIpAddress` is true")
    if associate is False or (isinstance(associate, str) and associate.strip().lower() == "false"):
        return Answer(NO)
    return subnet_public


def _public_v6(instance: Subject, subnet: Subject | None, network: Network) -> Answer:
    count = instance.props.get("ipv6AddressCount")
    addresses = instance.props.get("ipv6Addresses")
    if count is UNKNOWN or addresses is UNKNOWN:
        return Answer(MAYBE, "its IPv6 addresses are unknown at preview")
    if (isinstance(count, int | float) and not isinstance(count, bool) and count > 0) or as_list(addresses) or \
            is_true(instance.props.get("enablePrimaryIpv6")):
        return Answer(YES, "it has an IPv6 address")
    if subnet is not None:
        return network.assigns_ipv6(subnet)
    return Answer(NO)


def _machine(groups: Any, v4: Answer, v6: Answer, route: Answer, network: Network, port: int | None = None) -> Answer:
    """Reachable: a public address (IPv4 or IPv6) the security groups open to the internet, and a route out."""
    open4, open6 = network.admits(groups, port)
    answer = either(both(v4, open4), both(v6, open6))
    return answer if answer.no or route.yes else route


def _template_of(subject: Subject, path: str, reach: Reach) -> Subject | None:
    if subject.props.get(path) is UNKNOWN:
        found = resolve_one(reach.index, subject, path, UNKNOWN, (catalog.EC2_LAUNCH_TEMPLATE,))
        return found.found[0] if found.found else None
    spec = as_mapping(subject.props.get(path))
    for key in ("id", "name", "launchTemplateId", "launchTemplateName"):
        value = spec.get(key)
        if value not in (None, ""):
            found = resolve_one(reach.index, subject, path, value, (catalog.EC2_LAUNCH_TEMPLATE,))
            if found.found:
                return found.found[0]
    return None


def _template_groups(template: Subject, reach: Reach) -> Any:
    network = reach.network
    props = template.props
    groups = network.groups(template, "vpcSecurityGroupIds", props.get("vpcSecurityGroupIds"))
    for path, value in (("securityGroupNames", props.get("securityGroupNames")),
                        *((p, v) for p, v in select(props, "networkInterfaces[].securityGroups"))):
        more = network.groups(template, path, value)
        groups.found += [g for g in more.found if g not in groups.found]
        groups.unresolved = groups.unresolved or more.unresolved
    return groups


def _template_public(template: Subject) -> Answer:
    values = [v for _p, v in select(template.props, "networkInterfaces[].associatePublicIpAddress")]
    if any(v is UNKNOWN for v in values):
        return Answer(MAYBE, "`networkInterfaces[].associatePublicIpAddress` is unknown at preview")
    if any(is_true(v) for v in values):
        return Answer(YES, "its network interface sets `associatePublicIpAddress`")
    if any(v is False or (isinstance(v, str) and v.strip().lower() == "false") for v in values):
        return Answer(NO)
    return Answer(MAYBE, "")


def _launch_template(template: Subject, reach: Reach) -> Answer:
    public = _template_public(template)
    if not public.yes:
        return Answer(NO)  # the subnet decides: judged on the instances and groups that use the template
    return _machine(_template_groups(template, reach), public, Answer(NO), Answer(YES), reach.network)


def _launch_configuration(config: Subject, reach: Reach) -> Answer:
    public = _public_v4(config.props.get("associatePublicIpAddress"), Answer(NO))
    if not public.yes and public.value != MAYBE:
        return Answer(NO)
    groups = reach.network.groups(config, "securityGroups", config.props.get("securityGroups"))
    return _machine(groups, public, Answer(NO), Answer(YES), reach.network)


def _autoscaling_group(group: Subject, reach: Reach) -> Answer:
    props = group.props
    network = reach.network
    template = _template_of(group, "launchTemplate", reach)
    if template is None:
        spec = as_mapping(as_mapping(as_mapping(props.get("mixedInstancesPolicy")).get("launchTemplate"))
                          .get("launchTemplateSpecification"))
        for key in ("launchTemplateId", "launchTemplateName"):
            if template is None and spec.get(key) not in (None, ""):
                found = resolve_one(reach.index, group, "mixedInstancesPolicy", spec.get(key),
                                    (catalog.EC2_LAUNCH_TEMPLATE,))
                template = found.found[0] if found.found else None
    configuration = None
    if props.get("launchConfiguration") not in (None, ""):
        found = resolve_one(reach.index, group, "launchConfiguration", props.get("launchConfiguration"),
                            (catalog.EC2_LAUNCH_CONFIGURATION,))
        configuration = found.found[0] if found.found else None
    if template is not None:
        groups = _template_groups(template, reach)
        forced = _template_public(template)
    elif configuration is not None:
        groups = network.groups(configuration, "securityGroups", configuration.props.get("securityGroups"))
        forced = _public_v4(configuration.props.get("associatePublicIpAddress"), Answer(MAYBE, ""))
    else:
        return Answer(MAYBE, "its launch template or configuration is not in this stack")
    subnets, unresolved = first_subnets(network, group, "vpcZoneIdentifiers", props.get("vpcZoneIdentifiers"))
    if props.get("vpcZoneIdentifiers") in (None, []) and not unresolved:
        by_subnet = Answer(YES, "its instances are launched in default subnets, which map public IPs")
        route = Answer(YES)
    elif unresolved:
        by_subnet, route = Answer(MAYBE, "a subnet of the group is not in this stack"), Answer(YES)
    else:
        by_subnet = either(*(network.maps_public_ip(s) for s in subnets))
        route = Answer(NO) if all_private(network, subnets, False) else Answer(YES)
    v4 = forced if forced.value != MAYBE or forced.why else by_subnet
    return _machine(groups, v4, Answer(NO), route, network)


def _ecs_service(service: Subject, reach: Reach) -> Answer:
    config = service.props.get("networkConfiguration")
    if config is UNKNOWN:
        return Answer(MAYBE, "`networkConfiguration` is unknown at preview")
    config = as_mapping(config)
    public = config.get("assignPublicIp")
    if public is UNKNOWN:
        return Answer(MAYBE, "`networkConfiguration.assignPublicIp` is unknown at preview")
    if not is_true(public):
        return Answer(NO)
    network = reach.network
    groups = network.groups(service, "networkConfiguration.securityGroups", config.get("securityGroups"))
    subnets, unresolved = first_subnets(network, service, "networkConfiguration.subnets", config.get("subnets"))
    route = Answer(NO) if all_private(network, subnets, unresolved) else Answer(YES)
    return _machine(groups, Answer(YES, "`networkConfiguration.assignPublicIp` is true"), Answer(NO), route,
                    network)


# -- databases ------------------------------------------------------------------------------------------------

#: Default ports by engine prefix (the port a database listens on when ``port`` is not set).
_ENGINE_PORTS: Final = (
    ("aurora-postgresql", 5432), ("postgres", 5432), ("aurora", 3306), ("mysql", 3306), ("mariadb", 3306),
    ("oracle", 1521), ("sqlserver", 1433), ("db2", 50000), ("neptune", 8182), ("docdb", 27017),
)
_TYPE_PORTS: Final = {
    catalog.REDSHIFT_CLUSTER: 5439, catalog.REDSHIFT_SERVERLESS_WORKGROUP: 5439,
    catalog.NEPTUNE_CLUSTER_INSTANCE: 8182,
}
#: Where each database type keeps its security groups and subnet group.
_DB_GROUPS: Final = {
    catalog.RDS_INSTANCE: ("vpcSecurityGroupIds", "dbSubnetGroupName"),
    catalog.RDS_CLUSTER: ("vpcSecurityGroupIds", "dbSubnetGroupName"),
    catalog.REDSHIFT_CLUSTER: ("vpcSecurityGroupIds", "clusterSubnetGroupName"),
    catalog.REDSHIFT_SERVERLESS_WORKGROUP: ("securityGroupIds", "subnetIds"),
    catalog.DMS_REPLICATION_INSTANCE: ("vpcSecurityGroupIds", "replicationSubnetGroupId"),
    catalog.MQ_BROKER: ("securityGroups", "subnetIds"),
}


def _db_port(database: Subject, cluster: Subject | None) -> int | None:
    for source in (database, cluster):
        if source is None:
            continue
        port = source.props.get("port")
        if isinstance(port, int | float) and not isinstance(port, bool):
            return int(port)
    if database.type in _TYPE_PORTS:
        return _TYPE_PORTS[database.type]
    engine = database.props.get("engine") or (cluster.props.get("engine") if cluster is not None else None)
    if isinstance(engine, str):
        for prefix, port in _ENGINE_PORTS:
            if engine.startswith(prefix):
                return port
    return None


def _db_subnets(database: Subject, path: str, reach: Reach) -> Answer:
    value = database.props.get(path)
    network = reach.network
    if value in (None, ""):
        return Answer(YES)  # the default VPC, whose subnets route to its internet gateway
    if path.endswith("Ids"):
        subnets, unresolved = first_subnets(network, database, path, value)
    else:
        group = resolve_one(reach.index, database, path, value, _SUBNET_GROUPS)
        if not group.found:
            return Answer(YES)
        subnet_group = group.found[0]
        key = "subnetIds"
        subnets, unresolved = first_subnets(network, subnet_group, key, subnet_group.props.get(key))
    return Answer(NO) if all_private(network, subnets, unresolved) else Answer(YES)


_SUBNET_GROUPS: Final = frozenset({catalog.RDS_SUBNET_GROUP, "aws:redshift/subnetGroup:SubnetGroup",
                                   "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup",
                                   "aws:neptune/subnetGroup:SubnetGroup"})
_CLUSTERS: Final = {
    catalog.RDS_CLUSTER_INSTANCE: catalog.RDS_CLUSTER,
    catalog.NEPTUNE_CLUSTER_INSTANCE: "aws:neptune/cluster:Cluster",
}


def _database(database: Subject, reach: Reach) -> Answer:
    public = database.props.get("publiclyAccessible")
    if public is UNKNOWN:
        return Answer(MAYBE, "`publiclyAccessible` is unknown at preview")
    if not is_true(public):
        return Answer(NO)
    cluster: Subject | None = None
    if database.type in _CLUSTERS:
        found = resolve_one(reach.index, database, "clusterIdentifier", database.props.get("clusterIdentifier"),
                            (_CLUSTERS[database.type],))
        cluster = found.found[0] if found.found else None
        owner = cluster
        groups_path, subnets_path = "vpcSecurityGroupIds", (
            "dbSubnetGroupName" if database.type == catalog.RDS_CLUSTER_INSTANCE else "neptuneSubnetGroupName")
        if owner is None:
            return Answer(MAYBE, "`publiclyAccessible` is true and its cluster is not in this stack")
    else:
        owner = database
        groups_path, subnets_path = _DB_GROUPS[database.type]
    if database.type == catalog.MQ_BROKER and owner.props.get(groups_path) in (None, []):
        return Answer(YES, "`publiclyAccessible` is true")
    groups = reach.network.groups(owner, groups_path, owner.props.get(groups_path))
    if not groups.found and not groups.unresolved:
        return Answer(NO)  # the VPC's default security group admits only its own members
    port = _db_port(database, cluster)
    route = _db_subnets(database if database.props.get(subnets_path) else owner, subnets_path, reach)
    return _machine(groups, Answer(YES, "`publiclyAccessible` is true"), Answer(NO), route, reach.network, port)


# ------------------------------------------------------------------------------------------------------------
# The table
# ------------------------------------------------------------------------------------------------------------

_WAF_FIX: Final = ("Associate a WAFv2 web ACL that blocks every country outside the supported ones (default "
                   "action BLOCK, ALLOW rules that geo-match supported countries only).")
_PRIVATE_MACHINE: Final = ("Launch it in a private subnet without a public IP and serve it through an "
                           "internet-facing application load balancer with a geo-restricting web ACL, or close its "
                           "security groups to the internet.")
_PRIVATE_DB: Final = ("Set `publiclyAccessible` to false and keep its security groups closed to the internet; "
                      "clients reach it from inside the VPC or through a private API.")
_IAM_ONLY: Final = ("Use AWS_IAM authorization, or serve public traffic through a REST API stage, application "
                    "load balancer or CloudFront distribution with a geo-restricting web ACL.")

#: Every endpoint kind: how it is detected and what can restrict it.
KINDS: Final[Mapping[str, Kind]] = {
    catalog.APIGW_STAGE: Kind("API Gateway REST stage", "waf", _stage, _WAF_FIX,
                              "a stage of a REST API that is not PRIVATE"),
    catalog.LB_LOAD_BALANCER: Kind("application load balancer", "waf", _application_lb, _WAF_FIX,
                                   "`internal` not true"),
    catalog.ALB_LOAD_BALANCER: Kind("application load balancer", "waf", _application_lb, _WAF_FIX,
                                    "`internal` not true"),
    catalog.APPSYNC_GRAPHQL_API: Kind("AppSync GraphQL API", "waf", _graphql, _WAF_FIX,
                                      "`visibility` not PRIVATE"),
    catalog.APPSYNC_EVENT_API: Kind("AppSync Event API", "waf", _always("Event APIs are public"), _WAF_FIX,
                                    "always public"),
    catalog.COGNITO_USER_POOL_DOMAIN: Kind("Cognito hosted UI domain", "waf",
                                           _always("a hosted UI (managed login) domain is public"),
                                           "Associate a WAFv2 web ACL that blocks every country outside the "
                                           "supported ones with its user pool.", "always public"),
    catalog.APPRUNNER_SERVICE: Kind("App Runner service", "waf", _apprunner, _WAF_FIX,
                                    "`isPubliclyAccessible` not false"),
    catalog.AMPLIFY_APP: Kind("Amplify app", "waf", _always("Amplify hosting is public"),
                              "Associate a global (CLOUDFRONT scope) WAFv2 web ACL that blocks every country "
                              "outside the supported ones.", "always public"),
    catalog.CLOUDFRONT_DISTRIBUTION: Kind("CloudFront distribution", "cloudfront",
                                          _enabled("enabled", "it serves every country by default"),
                                          "Whitelist supported countries only in `restrictions.geoRestriction`, "
                                          "or attach a web ACL that blocks every other country.",
                                          "`enabled` not false"),
    catalog.CLOUDFRONT_MULTITENANT_DISTRIBUTION: Kind(
        "CloudFront multi-tenant distribution", "cloudfront",
        _enabled("enabled", "it serves every country by default"),
        "Whitelist supported countries only in `restrictions.geoRestriction`, or attach a web ACL that blocks "
        "every other country.", "`enabled` not false"),
    catalog.CLOUDFRONT_DISTRIBUTION_TENANT: Kind(
        "CloudFront distribution tenant", "cloudfront", _enabled("enabled", "it serves every country by default"),
        "Keep the distribution's geo restriction and web ACL, or override them with ones that keep every other "
        "country out.", "`enabled` not false"),
    catalog.LAMBDA_FUNCTION_URL: Kind("Lambda function URL", "none", _function_url, _IAM_ONLY,
                                      "`authorizationType` not AWS_IAM"),
    catalog.LAMBDA_PERMISSION: Kind("Lambda permission", "none", _lambda_permission,
                                    "Grant invocation to specific principals (a service with `sourceArn`, an "
                                    "account, or an organisation) and use AWS_IAM function URLs.",
                                    "`principal` \"*\" (function URL or no source condition)"),
    catalog.APIGWV2_ROUTE: Kind("API Gateway v2 route", "none", _v2_route,
                                "Use AWS_IAM authorization (on `$connect` for WebSocket APIs); HTTP and WebSocket "
                                "APIs cannot carry a web ACL, so serve public traffic through a REST API stage "
                                "with a geo-restricting web ACL.", "HTTP route, or WebSocket `$connect`, not "
                                                                   "AWS_IAM"),
    catalog.APIGWV2_API: Kind("HTTP API", "none", _v2_api,
                              "Define routes with AWS_IAM authorization (in the OpenAPI `body`: an awsSigv4 "
                              "security scheme on every operation) instead of quick create.",
                              "quick create `target`, or OpenAPI operations without awsSigv4"),
    catalog.ELB_LOAD_BALANCER: Kind("classic load balancer", "none", _network_lb,
                                    "Make it internal, or use an application load balancer with a geo-restricting "
                                    "web ACL.", "`internal` not true"),
    catalog.TRANSFER_SERVER: Kind("Transfer Family server", "none", _transfer,
                                  "Use a VPC endpoint without Elastic IPs, reached over VPN or Direct Connect.",
                                  "PUBLIC endpoint, or VPC endpoint with Elastic IPs"),
    catalog.GLOBALACCELERATOR_ACCELERATOR: Kind(
        "Global Accelerator", "none", _enabled("enabled", "it accepts traffic at edge locations worldwide"),
        "Use a regional application load balancer with a geo-restricting web ACL.", "`enabled` not false"),
    catalog.GLOBALACCELERATOR_CUSTOM_ROUTING: Kind(
        "custom routing accelerator", "none",
        _enabled("enabled", "it accepts traffic at edge locations worldwide"),
        "Use a regional application load balancer with a geo-restricting web ACL.", "`enabled` not false"),
    catalog.EC2_INSTANCE: Kind("EC2 instance", "none", _instance, _PRIVATE_MACHINE,
                               "public IP (own, subnet, EIP, IPv6) + security group open to the internet + "
                               "route to an internet gateway"),
    catalog.EC2_SPOT_INSTANCE_REQUEST: Kind("EC2 spot instance", "none", _instance, _PRIVATE_MACHINE,
                                            "as an EC2 instance"),
    catalog.EC2_LAUNCH_TEMPLATE: Kind("launch template", "none", _launch_template, _PRIVATE_MACHINE,
                                      "network interface with a public IP + open security group"),
    catalog.EC2_LAUNCH_CONFIGURATION: Kind("launch configuration", "none", _launch_configuration,
                                           _PRIVATE_MACHINE, "`associatePublicIpAddress` + open security group"),
    catalog.AUTOSCALING_GROUP: Kind("Auto Scaling group", "none", _autoscaling_group, _PRIVATE_MACHINE,
                                    "public IP from its template or subnets + open security group"),
    catalog.ECS_SERVICE: Kind("ECS service", "none", _ecs_service,
                              "Set `assignPublicIp` to false, run the tasks in private subnets and serve them "
                              "through an application load balancer with a geo-restricting web ACL.",
                              "`assignPublicIp` + open security group"),
    catalog.RDS_INSTANCE: Kind("RDS instance", "none", _database, _PRIVATE_DB,
                               "`publiclyAccessible` + security group open on its port"),
    catalog.RDS_CLUSTER: Kind("RDS cluster", "none", _database, _PRIVATE_DB, "as an RDS instance"),
    catalog.RDS_CLUSTER_INSTANCE: Kind("RDS cluster instance", "none", _database, _PRIVATE_DB,
                                       "as an RDS instance, with its cluster's security groups"),
    catalog.REDSHIFT_CLUSTER: Kind("Redshift cluster", "none", _database, _PRIVATE_DB, "as an RDS instance"),
    catalog.REDSHIFT_SERVERLESS_WORKGROUP: Kind("Redshift Serverless workgroup", "none", _database, _PRIVATE_DB,
                                                "as an RDS instance"),
    catalog.NEPTUNE_CLUSTER_INSTANCE: Kind("Neptune instance", "none", _database, _PRIVATE_DB,
                                           "as an RDS cluster instance"),
    catalog.DMS_REPLICATION_INSTANCE: Kind("DMS replication instance", "none", _database, _PRIVATE_DB,
                                           "as an RDS instance"),
    catalog.MQ_BROKER: Kind("Amazon MQ broker", "none", _database, _PRIVATE_DB,
                            "`publiclyAccessible` (+ open security group where it has one)"),
    catalog.LIGHTSAIL_DATABASE: Kind("Lightsail database", "none", _lightsail_database,
                                     "Set `publiclyAccessible` to false.", "`publiclyAccessible`"),
    catalog.LIGHTSAIL_INSTANCE: Kind("Lightsail instance", "none",
                                     _always("Lightsail instances always have a public IP"),
                                     "Use an EC2 instance in a private subnet behind an application load balancer "
                                     "with a geo-restricting web ACL.", "always public"),
    catalog.LIGHTSAIL_CONTAINER_SERVICE: Kind("Lightsail container service", "none", _lightsail_container,
                                              "Run the containers on ECS in private subnets behind an application "
                                              "load balancer with a geo-restricting web ACL.",
                                              "`isDisabled` not true"),
    catalog.LIGHTSAIL_DISTRIBUTION: Kind("Lightsail distribution", "none",
                                         _enabled("isEnabled", "it serves every country from edge locations"),
                                         "Use a CloudFront distribution with a geo restriction.",
                                         "`isEnabled` not false"),
    catalog.LIGHTSAIL_LB: Kind("Lightsail load balancer", "none",
                               _always("Lightsail load balancers are public"),
                               "Use an application load balancer with a geo-restricting web ACL.", "always public"),
    catalog.OPENSEARCH_DOMAIN: Kind("OpenSearch domain", "none", _search_domain,
                                    "Place the domain in a VPC (`vpcOptions`) or limit its access policy to your "
                                    "accounts or networks.", "no `vpcOptions` + access policy open to everyone"),
    catalog.ELASTICSEARCH_DOMAIN: Kind("Elasticsearch domain", "none", _search_domain,
                                       "Place the domain in a VPC (`vpcOptions`) or limit its access policy to "
                                       "your accounts or networks.", "as an OpenSearch domain"),
}

#: A load balancer of type ``network`` (``aws:lb`` and ``aws:alb`` tokens cover every kind of load balancer).
NETWORK_LB: Final = Kind("network load balancer", "none", _network_lb,
                         "Make it internal, or use an application load balancer with a geo-restricting web ACL.",
                         "`loadBalancerType` network, `internal` not true")


def kind_of(subject: Subject) -> Kind | None:
    """The endpoint kind of a resource (a load balancer's kind depends on its `loadBalancerType`)."""
    if subject.type in catalog.APPLICATION_LOAD_BALANCERS and subject.props.get("loadBalancerType") == "network":
        return NETWORK_LB
    return KINDS.get(subject.type)


#: The types whose resources can be endpoints (for the rules' declarations).
ENDPOINT_TYPES: Final = frozenset(KINDS)


def exposures(index: StackIndex, fronts: tuple[str, ...] = ("waf", "cloudfront", "none")) -> Iterator[Exposure]:
    """Every resource of the stack that answers (``yes``) or may answer (``maybe``) the internet."""
    reach = Reach(index)
    for subject in index.subjects:
        kind = kind_of(subject)
        if kind is None or kind.front not in fronts:
            continue
        answer = kind.reach(subject, reach)
        if answer.no:
            continue
        target: Subject | None = subject
        if subject.type == catalog.COGNITO_USER_POOL_DOMAIN:
            target = user_pool_of(subject, index)
        yield Exposure(subject, kind.label, kind.front, answer, kind.fix, target)


__all__ = ["ENDPOINT_TYPES", "KINDS", "Exposure", "Kind", "Reach", "exposures", "kind_of", "resolve", "stage_api",
           "user_pool_of"]
