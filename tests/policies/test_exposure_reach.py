"""exposure-unrestrictable-endpoint (stack): the reachability model for endpoints nothing can geo-restrict.

One compliant baseline per endpoint kind and one test per property that makes it answer the internet.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from policy_harness import UNKNOWN, Pack, Res, single

from residency import catalog as c

POLICY = "exposure-unrestrictable-endpoint"
WORLD = ["0.0.0.0/0"]
MACHINE_FIX = ("Launch it in a private subnet without a public IP and serve it through an internet-facing "
               "application load balancer with a geo-restricting web ACL, or close its security groups to the "
               "internet.")
DB_FIX = ("Set `publiclyAccessible` to false and keep its security groups closed to the internet; clients reach it "
          "from inside the VPC or through a private API.")


def findings(pack: Pack, resources: list[Res]) -> list[Any]:
    return [d for d in pack.analyze_stack(resources) if d.policy == POLICY]


def sg(name: str = "web", cidrs: list[str] | None = None, port: int = 80, **extra: Any) -> Res:
    ingress = [{"protocol": "tcp", "fromPort": port, "toPort": port, "cidrBlocks": cidrs or WORLD, **extra}]
    return Res(c.EC2_SECURITY_GROUP, name, {"name": name, "ingress": ingress})


def uses(res: Res, prop: str, *targets: Res, value: Any = UNKNOWN) -> Res:
    """``res`` with ``prop`` depending on ``targets`` (an unknown value, as at preview)."""
    res.props = {**res.props, prop: value}
    res.property_dependencies = {**res.property_dependencies, prop: [t.urn for t in targets]}
    return res


def instance(*groups: Res, **props: Any) -> Res:
    res = Res(c.EC2_INSTANCE, "server", {"instanceType": "t3.micro", **props})
    return uses(res, "vpcSecurityGroupIds", *groups, value=[UNKNOWN] * len(groups)) if groups else res


def subnet(name: str = "app", **props: Any) -> Res:
    return Res(c.EC2_SUBNET, name, {"cidrBlock": "10.0.1.0/24", **props})


# ------------------------------------------------------------------------------------------------------------
# Instances
# ------------------------------------------------------------------------------------------------------------


def test_instance_in_a_default_subnet_behind_an_open_group(pack: Pack) -> None:
    group = sg()
    server = instance(group)
    d = single(findings(pack, [group, server]))
    assert (d.level, d.urn) == ("mandatory", server.urn)
    assert d.message == (
        "This EC2 instance answers the internet and cannot be geo-restricted: it is launched in a default subnet, "
        "which maps public IPs on launch; security group 'web' (`ingress[0]`) admits the internet (IPv4) on port "
        f"80. {MACHINE_FIX}"
    )


@pytest.mark.parametrize(
    "group",
    [
        sg(cidrs=["203.0.113.10/32"]),  # a fixed party, not the internet
        sg(cidrs=["10.0.0.0/8"]),
        Res(c.EC2_SECURITY_GROUP, "web", {"ingress": [{"protocol": "icmp", "fromPort": -1, "toPort": -1,
                                                      "cidrBlocks": WORLD}]}),
        Res(c.EC2_SECURITY_GROUP, "web", {"egress": [{"protocol": "-1", "fromPort": 0, "toPort": 0,
                                                     "cidrBlocks": WORLD}]}),
    ],
    ids=["fixed-cidr", "private-cidr", "icmp-only", "egress-only"],
)
def test_instance_behind_a_group_closed_to_the_internet_passes(pack: Pack, group: Res) -> None:
    assert findings(pack, [group, instance(group)]) == []


def test_instance_without_security_groups_uses_the_default_group(pack: Pack) -> None:
    assert findings(pack, [instance()]) == []


def test_standalone_ingress_rules_open_a_group(pack: Pack) -> None:
    group = Res(c.EC2_SECURITY_GROUP, "web", {"name": "web"})
    rule = uses(Res(c.VPC_SECURITY_GROUP_INGRESS_RULE, "https", {"ipProtocol": "tcp", "fromPort": 443,
                                                                  "toPort": 443, "cidrIpv4": "0.0.0.0/0"}),
                "securityGroupId", group)
    d = single(findings(pack, [group, rule, instance(group)]))
    assert "ingress rule 'https' admits the internet (IPv4) on port 443" in d.message
    legacy = uses(Res(c.EC2_SECURITY_GROUP_RULE, "all", {"type": "ingress", "protocol": "-1", "fromPort": 0,
                                                          "toPort": 0, "cidrBlocks": WORLD}),
                  "securityGroupId", group)
    d = single(findings(pack, [group, legacy, instance(group)]))
    assert "security group rule 'all' admits the internet (IPv4) on every port" in d.message
    egress = uses(Res(c.EC2_SECURITY_GROUP_RULE, "out", {"type": "egress", "protocol": "-1", "fromPort": 0,
                                                         "toPort": 0, "cidrBlocks": WORLD}),
                  "securityGroupId", group)
    assert findings(pack, [group, egress, instance(group)]) == []


def test_instance_in_a_private_subnet_passes_and_a_public_ip_reopens_it(pack: Pack) -> None:
    group, private = sg(), subnet(mapPublicIpOnLaunch=False)
    server = uses(instance(group), "subnetId", private)
    assert findings(pack, [group, private, server]) == []
    forced = uses(instance(group, associatePublicIpAddress=True), "subnetId", private)
    d = single(findings(pack, [group, private, forced]))
    assert "`associatePublicIpAddress` is true" in d.message


def test_public_subnet_whose_route_table_has_no_internet_gateway_is_private(pack: Pack) -> None:
    group, public = sg(), subnet(mapPublicIpOnLaunch=True)
    table = Res(c.EC2_ROUTE_TABLE, "rt", {"routes": [{"cidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1"}]})
    association = uses(uses(Res(c.EC2_ROUTE_TABLE_ASSOCIATION, "rta", {}), "subnetId", public), "routeTableId",
                       table)
    server = uses(instance(group), "subnetId", public)
    assert findings(pack, [group, public, table, association, server]) == []
    gateway = Res(c.EC2_INTERNET_GATEWAY, "igw", {})
    route = uses(uses(Res(c.EC2_ROUTE, "default", {"destinationCidrBlock": "0.0.0.0/0"}), "routeTableId", table),
                 "gatewayId", gateway)
    d = single(findings(pack, [group, public, table, association, gateway, route, server]))
    assert "subnet 'app' maps public IPs on launch" in d.message


def test_elastic_ip_makes_a_private_instance_public(pack: Pack) -> None:
    group, private = sg(), subnet(mapPublicIpOnLaunch=False)
    server = uses(instance(group), "subnetId", private)
    eip = uses(Res(c.EC2_EIP, "ip", {"domain": "vpc"}), "instance", server)
    d = single(findings(pack, [group, private, server, eip]))
    assert "an Elastic IP is attached" in d.message


def test_instance_launched_with_its_own_network_interface(pack: Pack) -> None:
    group, public = sg(), subnet(mapPublicIpOnLaunch=True)
    interface = uses(uses(Res(c.EC2_NETWORK_INTERFACE, "eth0", {}), "subnetId", public), "securityGroups", group,
                     value=[UNKNOWN])
    server = uses(Res(c.EC2_INSTANCE, "server", {"instanceType": "t3.micro"}), "networkInterfaces", interface,
                  value=[{"deviceIndex": 0, "networkInterfaceId": UNKNOWN}])
    d = single(findings(pack, [group, public, interface, server]))
    assert "subnet 'app' maps public IPs on launch; security group 'web'" in d.message
    private = subnet(mapPublicIpOnLaunch=False)
    inside = uses(uses(Res(c.EC2_NETWORK_INTERFACE, "eth0", {}), "subnetId", private), "securityGroups", group,
                  value=[UNKNOWN])
    assert findings(pack, [group, private, inside, uses(Res(c.EC2_INSTANCE, "server", {}), "networkInterfaces",
                                                         inside, value=[{"networkInterfaceId": UNKNOWN}])]) == []
    elsewhere = Res(c.EC2_INSTANCE, "server", {"networkInterfaces": [{"networkInterfaceId": "eni-1"}]})
    d = single(findings(pack, [elsewhere]))
    assert d.message.startswith("Undetermined: This EC2 instance may answer the internet, and it cannot be "
                                "geo-restricted: a network interface of it is not in this stack.")


def test_ipv6_addresses_and_groups_open_to_the_ipv6_internet(pack: Pack) -> None:
    group = Res(c.EC2_SECURITY_GROUP, "web", {"ingress": [{"protocol": "tcp", "fromPort": 443, "toPort": 443,
                                                          "ipv6CidrBlocks": ["::/0"]}]})
    private = subnet(mapPublicIpOnLaunch=False)
    server = uses(instance(group, ipv6AddressCount=1), "subnetId", private)
    d = single(findings(pack, [group, private, server]))
    assert "security group 'web' (`ingress[0]`) admits the internet (IPv6) on port 443" in d.message


@pytest.mark.parametrize(
    ("group", "reason"),
    [
        (Res(c.EC2_SECURITY_GROUP, "web", {"ingress": [{"protocol": "tcp", "fromPort": 80, "toPort": 80,
                                                       "prefixListIds": ["pl-1"]}]}),
         "a prefix list, whose entries are not known here"),
        (Res(c.EC2_SECURITY_GROUP, "web", {"ingress": UNKNOWN}), "`ingress` unknown at preview"),
    ],
)
def test_unknown_sources_are_undetermined(pack: Pack, group: Res, reason: str) -> None:
    d = single(findings(pack, [group, instance(group)]))
    assert d.message.startswith(f"Undetermined: This EC2 instance may answer the internet, and it cannot be "
                                f"geo-restricted: {reason}")


def test_security_group_outside_the_stack_is_undetermined(pack: Pack) -> None:
    d = single(findings(pack, [instance(vpcSecurityGroupIds=["sg-0123456789abcdef0"])]))
    assert "a security group that is not in this stack (its rules are not known)" in d.message
    assert d.message.startswith("Undetermined: ")


def test_launch_template_and_auto_scaling_group(pack: Pack) -> None:
    group = sg()
    template = uses(Res(c.EC2_LAUNCH_TEMPLATE, "tpl", {"networkInterfaces": [{"associatePublicIpAddress": "true"}]}),
                    "vpcSecurityGroupIds", group, value=[UNKNOWN])
    d = single(findings(pack, [group, template]))
    assert d.message.startswith("This launch template answers the internet and cannot be geo-restricted: its "
                                "network interface sets `associatePublicIpAddress`")
    plain = uses(Res(c.EC2_LAUNCH_TEMPLATE, "tpl", {}), "vpcSecurityGroupIds", group, value=[UNKNOWN])
    asg = uses(Res(c.AUTOSCALING_GROUP, "fleet", {"launchTemplate": {"id": UNKNOWN}, "maxSize": 2, "minSize": 1}),
               "launchTemplate", plain)
    d = single(findings(pack, [group, plain, asg]))
    assert (d.urn, d.message.split(":", 1)[0]) == (asg.urn, "This Auto Scaling group answers the internet and "
                                                            "cannot be geo-restricted")
    private = subnet(mapPublicIpOnLaunch=False)
    inside = uses(Res(c.AUTOSCALING_GROUP, "fleet", {"maxSize": 2}), "launchTemplate", plain,
                  value={"id": UNKNOWN})
    inside = uses(inside, "vpcZoneIdentifiers", private, value=[UNKNOWN])
    assert findings(pack, [group, plain, private, inside]) == []


def test_ecs_service_with_public_ips(pack: Pack) -> None:
    group = sg(port=8080)
    service = Res(c.ECS_SERVICE, "api", {"networkConfiguration": {"assignPublicIp": True, "subnets": ["subnet-1"],
                                                                  "securityGroups": [UNKNOWN]}},
                  property_dependencies={"networkConfiguration": [group.urn]})
    d = single(findings(pack, [group, service]))
    assert "`networkConfiguration.assignPublicIp` is true; security group 'web'" in d.message
    service.props = {"networkConfiguration": {"assignPublicIp": False, "securityGroups": [UNKNOWN]}}
    assert findings(pack, [group, service]) == []


# ------------------------------------------------------------------------------------------------------------
# Databases and search domains
# ------------------------------------------------------------------------------------------------------------


def database(*groups: Res, type_token: str = c.RDS_INSTANCE, **props: Any) -> Res:
    res = Res(type_token, "db", {"engine": "mysql", "publiclyAccessible": True, **props})
    path = "securityGroupIds" if type_token == c.REDSHIFT_SERVERLESS_WORKGROUP else "vpcSecurityGroupIds"
    return uses(res, path, *groups, value=[UNKNOWN] * len(groups)) if groups else res


def test_publicly_accessible_database_behind_an_open_group(pack: Pack) -> None:
    group = sg(port=3306)
    db = database(group)
    d = single(findings(pack, [group, db]))
    assert d.message == (
        "This RDS instance answers the internet and cannot be geo-restricted: `publiclyAccessible` is true; "
        f"security group 'web' (`ingress[0]`) admits the internet (IPv4) on port 3306. {DB_FIX}"
    )


@pytest.mark.parametrize(
    ("group", "props"),
    [
        (sg(port=22), {}),  # open, but not on the database's port
        (sg(port=3306), {"publiclyAccessible": False}),
        (sg(port=3306, cidrs=["198.51.100.0/24"]), {}),
        (sg(port=5432), {"engine": "mysql", "port": 3306}),
    ],
    ids=["other-port", "not-public", "fixed-cidr", "explicit-port"],
)
def test_databases_that_do_not_answer_the_internet(pack: Pack, group: Res, props: dict[str, Any]) -> None:
    assert findings(pack, [group, database(group, **props)]) == []


def test_database_in_private_subnets_passes(pack: Pack) -> None:
    group, private = sg(port=3306), subnet(mapPublicIpOnLaunch=False)
    table = Res(c.EC2_ROUTE_TABLE, "rt", {"routes": []})
    association = uses(uses(Res(c.EC2_ROUTE_TABLE_ASSOCIATION, "rta", {}), "subnetId", private), "routeTableId",
                       table)
    subnets = uses(Res(c.RDS_SUBNET_GROUP, "dbs", {}), "subnetIds", private, value=[UNKNOWN])
    db = uses(database(group), "dbSubnetGroupName", subnets)
    assert findings(pack, [group, private, table, association, subnets, db]) == []


def test_unknown_publicly_accessible_is_undetermined(pack: Pack) -> None:
    d = single(findings(pack, [database(publiclyAccessible=UNKNOWN)]))
    assert d.message.startswith("Undetermined: This RDS instance may answer the internet, and it cannot be "
                                "geo-restricted: `publiclyAccessible` is unknown at preview.")


@pytest.mark.parametrize(
    ("type_token", "label", "port"),
    [
        (c.REDSHIFT_CLUSTER, "Redshift cluster", 5439),
        (c.REDSHIFT_SERVERLESS_WORKGROUP, "Redshift Serverless workgroup", 5439),
        (c.DMS_REPLICATION_INSTANCE, "DMS replication instance", 443),
    ],
)
def test_other_databases(pack: Pack, type_token: str, label: str, port: int) -> None:
    group = sg(port=port)
    db = database(group, type_token=type_token, engine=None)
    d = single(findings(pack, [group, db]))
    assert d.message.startswith(f"This {label} answers the internet")


def test_cluster_instance_uses_its_cluster_groups(pack: Pack) -> None:
    group = sg(port=5432)
    cluster = uses(Res(c.RDS_CLUSTER, "cluster", {"engine": "aurora-postgresql"}), "vpcSecurityGroupIds", group,
                   value=[UNKNOWN])
    member = uses(Res(c.RDS_CLUSTER_INSTANCE, "member", {"publiclyAccessible": True, "engine": "aurora-postgresql"}),
                  "clusterIdentifier", cluster)
    d = single(findings(pack, [group, cluster, member]))
    assert (d.urn, "port 5432" in d.message) == (member.urn, True)


OPEN_POLICY = json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:*",
                                         "Resource": "*"}]})


def test_search_domain_outside_a_vpc_with_an_open_policy(pack: Pack) -> None:
    domain = Res(c.OPENSEARCH_DOMAIN, "search", {"domainName": "search", "accessPolicies": OPEN_POLICY})
    d = single(findings(pack, [domain]))
    assert d.message == (
        "This OpenSearch domain answers the internet and cannot be geo-restricted: it has a public endpoint (no "
        "`vpcOptions`) and `accessPolicies` statement #0 allows everyone. Place the domain in a VPC (`vpcOptions`) "
        "or limit its access policy to your accounts or networks."
    )
    in_vpc = Res(c.OPENSEARCH_DOMAIN, "search", {"accessPolicies": OPEN_POLICY,
                                                 "vpcOptions": {"subnetIds": ["subnet-1"]}})
    assert findings(pack, [in_vpc]) == []
    limited = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "es:*",
                                         "Condition": {"IpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}}}]})
    assert findings(pack, [Res(c.OPENSEARCH_DOMAIN, "search", {"accessPolicies": limited})]) == []


def test_search_domain_opened_by_a_standalone_policy(pack: Pack) -> None:
    domain = Res(c.ELASTICSEARCH_DOMAIN, "search", {"domainName": "search"})
    policy = uses(Res(c.ELASTICSEARCH_DOMAIN_POLICY, "open", {"accessPolicies": OPEN_POLICY}), "domainName", domain)
    d = single(findings(pack, [domain, policy]))
    assert "`accessPolicies` of 'open' statement #0 allows everyone" in d.message
    assert findings(pack, [domain]) == []


# ------------------------------------------------------------------------------------------------------------
# Serverless and managed endpoints
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["NONE", "JWT", "CUSTOM"])
def test_function_url_without_iam(pack: Pack, value: str) -> None:
    url = Res(c.LAMBDA_FUNCTION_URL, "hook", {"functionName": "f", "authorizationType": value})
    d = single(findings(pack, [url]))
    assert d.message == (
        "This Lambda function URL answers the internet and cannot be geo-restricted: `authorizationType` is not "
        "AWS_IAM, so anyone can call it. Use AWS_IAM authorization, or serve public traffic through a REST API "
        "stage, application load balancer or CloudFront distribution with a geo-restricting web ACL."
    )
    assert findings(pack, [Res(c.LAMBDA_FUNCTION_URL, "hook", {"authorizationType": "AWS_IAM"})]) == []


def test_function_url_with_unknown_authorization_is_undetermined(pack: Pack) -> None:
    d = single(findings(pack, [Res(c.LAMBDA_FUNCTION_URL, "hook", {"authorizationType": UNKNOWN})]))
    assert d.message.startswith("Undetermined: This Lambda function URL may answer the internet")


@pytest.mark.parametrize(
    ("props", "public"),
    [
        ({"principal": "*", "action": "lambda:InvokeFunctionUrl", "functionUrlAuthType": "NONE"}, True),
        ({"principal": "*", "action": "lambda:InvokeFunction", "invokedViaFunctionUrl": True}, True),
        ({"principal": "*", "action": "lambda:InvokeFunction"}, True),
        ({"principal": "*", "action": "lambda:InvokeFunction", "sourceArn": "arn:aws:s3:::b"}, False),
        ({"principal": "apigateway.amazonaws.com", "action": "lambda:InvokeFunction"}, False),
    ],
)
def test_lambda_permissions_for_everyone(pack: Pack, props: dict[str, Any], public: bool) -> None:
    found = findings(pack, [Res(c.LAMBDA_PERMISSION, "invoke", {"function": "f", **props})])
    assert bool(found) == public
    assert all(d.message.startswith("This Lambda permission answers the internet") for d in found)


def v2_api(protocol: str) -> Res:
    return Res(c.APIGWV2_API, "api", {"name": "api", "protocolType": protocol})


def route(api: Res | None, key: str, auth: Any = "NONE") -> Res:
    res = Res(c.APIGWV2_ROUTE, "route", {"routeKey": key, "authorizationType": auth, "apiId": "a1"})
    return uses(res, "apiId", api) if api is not None else res


@pytest.mark.parametrize("key", ["$disconnect", "$default", "sendmessage"])
def test_websocket_routes_other_than_connect_are_authorized_at_connect(pack: Pack, key: str) -> None:
    ws = v2_api("WEBSOCKET")
    assert findings(pack, [ws, route(ws, key)]) == []


def test_websocket_connect_route_needs_iam(pack: Pack) -> None:
    ws = v2_api("WEBSOCKET")
    d = single(findings(pack, [ws, route(ws, "$connect")]))
    assert d.message.startswith("This API Gateway v2 route answers the internet and cannot be geo-restricted: "
                                "this $connect route's `authorizationType` is not AWS_IAM")
    assert findings(pack, [ws, route(ws, "$connect", "AWS_IAM")]) == []


def test_http_default_route_needs_iam_and_an_unknown_api_is_undetermined(pack: Pack) -> None:
    http = v2_api("HTTP")
    assert single(findings(pack, [http, route(http, "$default")])).message.startswith(
        "This API Gateway v2 route answers the internet")
    d = single(findings(pack, [route(None, "$default")]))
    assert d.message.startswith("Undetermined: This API Gateway v2 route may answer the internet, and it cannot "
                                "be geo-restricted: its API is not in this stack")
    assert findings(pack, [route(None, "GET /items", "AWS_IAM")]) == []


def test_quick_create_http_api(pack: Pack) -> None:
    api = Res(c.APIGWV2_API, "api", {"protocolType": "HTTP", "target": "arn:aws:lambda:eu-west-3:1:function:f"})
    assert single(findings(pack, [api])).message.startswith(
        "This HTTP API answers the internet and cannot be geo-restricted: `target` (quick create) gives it an "
        "unauthenticated default route.")


@pytest.mark.parametrize(
    ("props", "public"),
    [
        ({"loadBalancerType": "network", "internal": False}, True),
        ({"loadBalancerType": "network"}, True),
        ({"loadBalancerType": "network", "internal": True}, False),
        ({"loadBalancerType": "gateway"}, False),
    ],
)
def test_network_load_balancers(pack: Pack, props: dict[str, Any], public: bool) -> None:
    found = findings(pack, [Res(c.LB_LOAD_BALANCER, "nlb", props)])
    assert bool(found) == public
    assert not found or found[0].message.startswith("This network load balancer answers the internet")


def test_classic_load_balancer(pack: Pack) -> None:
    assert single(findings(pack, [Res(c.ELB_LOAD_BALANCER, "clb", {})])).message.startswith(
        "This classic load balancer answers the internet")
    assert findings(pack, [Res(c.ELB_LOAD_BALANCER, "clb", {"internal": True})]) == []


@pytest.mark.parametrize(
    ("props", "why"),
    [
        ({}, "`endpointType` is PUBLIC (the default)"),
        ({"endpointType": "VPC", "endpointDetails": {"addressAllocationIds": ["eipalloc-1"], "vpcId": "v"}},
         "its VPC endpoint has Elastic IPs (`endpointDetails.addressAllocationIds`), which make it internet-facing"),
    ],
)
def test_transfer_servers(pack: Pack, props: dict[str, Any], why: str) -> None:
    d = single(findings(pack, [Res(c.TRANSFER_SERVER, "sftp", props)]))
    assert d.message == (f"This Transfer Family server answers the internet and cannot be geo-restricted: {why}. "
                         "Use a VPC endpoint without Elastic IPs, reached over VPN or Direct Connect.")
    private = {"endpointType": "VPC", "endpointDetails": {"vpcId": "v", "subnetIds": ["s"]}}
    assert findings(pack, [Res(c.TRANSFER_SERVER, "sftp", private)]) == []


@pytest.mark.parametrize(("type_token", "label"), [
    (c.GLOBALACCELERATOR_ACCELERATOR, "Global Accelerator"),
    (c.GLOBALACCELERATOR_CUSTOM_ROUTING, "custom routing accelerator"),
])
def test_accelerators(pack: Pack, type_token: str, label: str) -> None:
    d = single(findings(pack, [Res(type_token, "ga", {"name": "ga"}, provider=None)]))
    assert d.message.startswith(f"This {label} answers the internet and cannot be geo-restricted: it accepts "
                                "traffic at edge locations worldwide.")
    assert findings(pack, [Res(type_token, "ga", {"name": "ga", "enabled": False}, provider=None)]) == []


@pytest.mark.parametrize(
    ("type_token", "label", "props"),
    [
        (c.LIGHTSAIL_INSTANCE, "Lightsail instance", {"blueprintId": "amazon_linux_2"}),
        (c.LIGHTSAIL_CONTAINER_SERVICE, "Lightsail container service", {"power": "nano", "scale": 1}),
        (c.LIGHTSAIL_DISTRIBUTION, "Lightsail distribution", {"bundleId": "small_1_0"}),
        (c.LIGHTSAIL_LB, "Lightsail load balancer", {"instancePort": 80}),
        (c.LIGHTSAIL_DATABASE, "Lightsail database", {"publiclyAccessible": True}),
    ],
)
def test_lightsail(pack: Pack, type_token: str, label: str, props: dict[str, Any]) -> None:
    d = single(findings(pack, [Res(type_token, "ls", props)]))
    assert (d.level, d.message.startswith(f"This {label} answers the internet")) == ("mandatory", True)


@pytest.mark.parametrize(
    ("type_token", "props"),
    [
        (c.LIGHTSAIL_CONTAINER_SERVICE, {"isDisabled": True}),
        (c.LIGHTSAIL_DISTRIBUTION, {"isEnabled": False}),
        (c.LIGHTSAIL_DATABASE, {"publiclyAccessible": False}),
    ],
)
def test_private_lightsail(pack: Pack, type_token: str, props: dict[str, Any]) -> None:
    assert findings(pack, [Res(type_token, "ls", props)]) == []


def test_odd_values_never_crash(pack: Pack) -> None:
    for type_token in (c.EC2_INSTANCE, c.AUTOSCALING_GROUP, c.RDS_INSTANCE, c.ECS_SERVICE, c.OPENSEARCH_DOMAIN,
                       c.EC2_SECURITY_GROUP, c.VPC_SECURITY_GROUP_INGRESS_RULE, c.APIGWV2_ROUTE,
                       c.EC2_LAUNCH_TEMPLATE, c.EC2_ROUTE_TABLE, c.TRANSFER_SERVER):
        for odd in (None, 5, "x", [], {}, [None], UNKNOWN, {"a": UNKNOWN}):
            props = dict.fromkeys(("vpcSecurityGroupIds", "subnetId", "ingress", "networkConfiguration",
                                   "publiclyAccessible", "launchTemplate", "accessPolicies", "routes", "routeKey",
                                   "endpointDetails", "networkInterfaces", "securityGroupId"), odd)
            pack.analyze_stack([Res(type_token, "r", props)])  # must not raise


@pytest.mark.parametrize("auth", ["JWT", "CUSTOM", None])
def test_http_routes_are_judged_open_unless_iam(pack: Pack, auth: Any) -> None:
    """A JWT or Lambda authorizer admits any caller with a token from anywhere: only AWS_IAM is accepted."""
    http = v2_api("HTTP")
    d = single(findings(pack, [http, route(http, "GET /items", auth)]))
    assert d.message.startswith("This API Gateway v2 route answers the internet and cannot be geo-restricted: "
                                "this route's `authorizationType` is not AWS_IAM")


@pytest.mark.parametrize("cidrs", [["0.0.0.0/1", "128.0.0.0/1"], ["52.0.0.0/6"]])
def test_wide_public_cidrs_count_as_the_internet(pack: Pack, cidrs: list[str]) -> None:
    """Halves of the address space (or any public /8 or wider) open the port to the world as 0.0.0.0/0 does."""
    group = sg(cidrs=cidrs)
    server = instance(group)
    assert single(findings(pack, [group, server])).urn == server.urn


@pytest.mark.parametrize(
    ("cidr", "world"),
    [("0.0.0.0/0", True), ("0.0.0.0/1", True), ("128.0.0.0/1", True), ("52.0.0.0/8", True), ("::/0", True),
     ("2000::/3", True), ("52.0.0.0/9", False), ("10.0.0.0/8", False), ("fc00::/7", False),
     ("2001:db8::/32", False), ("not a cidr", False)],
)
def test_world_cidr(cidr: str, world: bool) -> None:
    from residency.policies._public import world_cidr

    assert world_cidr(cidr) is world
