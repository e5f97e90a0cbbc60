"""ResidentNetwork: private subnets with no way out but the region's endpoints, flow logs in the zone."""

from __future__ import annotations

import ipaddress
import json

import pytest

from residency.components import ComponentArgumentError, PinnedProvider, ResidentKey, ResidentNetwork
from residency.components.network import INTERFACE_ENDPOINTS

VPC = "aws:ec2/vpc:Vpc"
SUBNET = "aws:ec2/subnet:Subnet"
ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint"
ROUTE_TABLE = "aws:ec2/routeTable:RouteTable"
ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
ZONES = "aws:index/getAvailabilityZones:getAvailabilityZones"


def rid(resource) -> str:
    """The id the mocks give a resource whose id is not its physical name."""
    return f"{resource.name}-id"


def build(region: str = "eu-west-3", key_region: str | None = None, logs: bool = True, zone: str = "eu", **args):
    def program() -> None:
        pinned = PinnedProvider("home", {"region": region, "zone": zone})
        key_pinned = pinned
        if key_region is not None:
            key_pinned = PinnedProvider("elsewhere", {"region": key_region, "zone": zone})
        key = ResidentKey("logs", {"provider": key_pinned, "allow_cloudwatch_logs": logs})
        ResidentNetwork("net", {"provider": pinned, "key": key, **args})

    return program


def test_vpc_in_the_pinned_region_with_dns_for_private_endpoints(program) -> None:
    recording = program(build())
    vpc = recording.one(VPC)
    assert recording.provider_region(vpc) == "eu-west-3"
    assert vpc.inputs["cidrBlock"] == "10.0.0.0/16"
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True
    assert vpc.inputs["assignGeneratedIpv6CidrBlock"] is False
    for resource in recording.custom():
        assert recording.provider_region(resource) == "eu-west-3", resource.name


def test_availability_zones_are_read_through_the_pinned_provider(program) -> None:
    recording = program(build(availability_zones=3))
    (call,) = [c for c in recording.calls if c.token == ZONES]
    assert call.provider.rsplit("::", 1)[0] == recording.one("pulumi:providers:aws").urn
    assert call.args["state"] == "available"
    assert call.args["filters"] == [{"name": "opt-in-status", "values": ["opt-in-not-required"]}]
    zones = [s.inputs["availabilityZone"] for s in recording.of_type(SUBNET)]
    assert zones == ["eu-west-3a", "eu-west-3b", "eu-west-3c"]


def test_private_subnets_have_no_route_out_of_the_vpc(program) -> None:
    recording = program(build())
    vpc_range = ipaddress.ip_network("10.0.0.0/16")
    subnets = recording.of_type(SUBNET)
    assert [s.name for s in subnets] == ["net-private-subnet-1", "net-private-subnet-2"]
    assert len({s.inputs["availabilityZone"] for s in subnets}) == 2
    for subnet in subnets:
        block = ipaddress.ip_network(subnet.inputs["cidrBlock"])
        assert block.subnet_of(vpc_range)
        assert block.prefixlen == 20
        assert subnet.inputs["mapPublicIpOnLaunch"] is False
        assert subnet.inputs["assignIpv6AddressOnCreation"] is False
    (routes,) = recording.of_type(ROUTE_TABLE)
    assert "routes" not in routes.inputs or routes.inputs["routes"] == []
    associations = {a.inputs["subnetId"]: a.inputs["routeTableId"] for a in recording.of_type(ASSOCIATION)}
    assert associations == {rid(s): rid(routes) for s in subnets}
    for forbidden in (
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/eip:Eip",
        "aws:ec2/route:Route",
        "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway",
        "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
    ):
        assert recording.of_type(forbidden) == [], forbidden
    # An output of None is not registered at all.
    assert "public_subnet_ids" not in recording.one("residency:components:ResidentNetwork").outputs


def test_public_subnets_only_when_asked_and_never_assign_public_ips(program) -> None:
    recording = program(build(public_subnets=True, availability_zones=3))
    public = [s for s in recording.of_type(SUBNET) if "-public-" in s.name]
    private = [s for s in recording.of_type(SUBNET) if "-private-" in s.name]
    assert len(public) == len(private) == 3
    assert all(s.inputs["mapPublicIpOnLaunch"] is False for s in public)
    blocks = [ipaddress.ip_network(s.inputs["cidrBlock"]) for s in public + private]
    assert all(not a.overlaps(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])
    gateway = recording.one("aws:ec2/internetGateway:InternetGateway")
    route = recording.one("aws:ec2/route:Route")
    assert route.inputs["destinationCidrBlock"] == "0.0.0.0/0"
    assert route.inputs["gatewayId"] == "net-internet-gateway-id"
    assert gateway.inputs["vpcId"] == rid(recording.one(VPC))
    public_table = recording.one(ROUTE_TABLE, "net-public-routes")
    assert route.inputs["routeTableId"] == "net-public-routes-id"
    by_subnet = {a.inputs["subnetId"]: a.inputs["routeTableId"] for a in recording.of_type(ASSOCIATION)}
    for subnet in public:
        assert by_subnet[rid(subnet)] == "net-public-routes-id"
    for subnet in private:
        assert by_subnet[rid(subnet)] == "net-private-routes-id"
    assert public_table.inputs["vpcId"] == rid(recording.one(VPC))
    outputs = recording.one("residency:components:ResidentNetwork").outputs
    assert outputs["public_subnet_ids"] == [rid(s) for s in public]
    assert outputs["has_public_subnets"] is True


def test_aws_services_are_reached_through_endpoints_of_the_region(program) -> None:
    recording = program(build(additional_interface_endpoints=["sqs"]))
    endpoints = {e.inputs["serviceName"]: e for e in recording.of_type(ENDPOINT)}
    expected = {f"com.amazonaws.eu-west-3.{s}" for s in (*INTERFACE_ENDPOINTS, "sqs", "s3")}
    assert set(endpoints) == expected
    s3 = endpoints["com.amazonaws.eu-west-3.s3"]
    assert s3.inputs["vpcEndpointType"] == "Gateway"
    assert s3.inputs["routeTableIds"] == ["net-private-routes-id"]
    private_ids = [rid(s) for s in recording.of_type(SUBNET)]
    group = recording.one("aws:ec2/securityGroup:SecurityGroup", "net-endpoints")
    for service_name, endpoint in endpoints.items():
        assert endpoint.inputs.get("serviceRegion") is None
        if endpoint is s3:
            continue
        assert endpoint.inputs["vpcEndpointType"] == "Interface", service_name
        assert endpoint.inputs["privateDnsEnabled"] is True
        assert endpoint.inputs["subnetIds"] == private_ids
        assert endpoint.inputs["securityGroupIds"] == [rid(group)]
    (ingress,) = recording.of_type(INGRESS)
    assert ingress.inputs["securityGroupId"] == rid(group)
    assert (ingress.inputs["ipProtocol"], ingress.inputs["fromPort"], ingress.inputs["toPort"]) == ("tcp", 443, 443)
    assert ingress.inputs["cidrIpv4"] == "10.0.0.0/16"
    assert recording.of_type(EGRESS) == []
    assert "ingress" not in group.inputs
    assert "egress" not in group.inputs
    outputs = recording.one("residency:components:ResidentNetwork").outputs
    assert outputs["s3_prefix_list_id"] == s3.state["prefixListId"]
    assert outputs["interface_endpoints"] == sorted([*INTERFACE_ENDPOINTS, "sqs"])


def test_default_security_group_allows_nothing(program) -> None:
    recording = program(build())
    default = recording.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
    assert default.inputs["vpcId"] == rid(recording.one(VPC))
    assert default.inputs["ingress"] == []
    assert default.inputs["egress"] == []


def test_flow_logs_of_all_traffic_go_to_an_encrypted_bounded_log_group(program) -> None:
    recording = program(build(log_retention_days=30))
    flow_log = recording.one("aws:ec2/flowLog:FlowLog")
    log_group = recording.one("aws:cloudwatch/logGroup:LogGroup")
    assert flow_log.inputs["trafficType"] == "ALL"
    assert flow_log.inputs["vpcId"] == rid(recording.one(VPC))
    assert flow_log.inputs["logDestinationType"] == "cloud-watch-logs"
    assert flow_log.inputs["logDestination"] == log_group.state["arn"]
    assert log_group.state["arn"].startswith("arn:aws:logs:eu-west-3:")
    assert log_group.inputs["retentionInDays"] == 30
    assert log_group.inputs["kmsKeyId"] == recording.one("aws:kms/key:Key").state["arn"]

    role = recording.one("aws:iam/role:Role")
    assert flow_log.inputs["iamRoleArn"] == role.state["arn"]
    (trust,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert trust["Condition"] == {
        "StringEquals": {"aws:SourceAccount": "123456789012"},
        "ArnLike": {"aws:SourceArn": "arn:aws:ec2:eu-west-3:123456789012:vpc-flow-log/*"},
    }
    (statement,) = json.loads(recording.one("aws:iam/rolePolicy:RolePolicy").inputs["policy"])["Statement"]
    arn = log_group.state["arn"]
    assert statement["Resource"] == [arn, f"{arn}:*"]
    assert all(action.startswith("logs:") and "*" not in action for action in statement["Action"])
    # The flow log waits for its permissions.
    assert recording.one("aws:iam/rolePolicy:RolePolicy").urn in flow_log.dependencies


def test_outputs(program) -> None:
    recording = program(build())
    outputs = recording.one("residency:components:ResidentNetwork").outputs
    assert outputs["vpc_id"] == rid(recording.one(VPC))
    assert outputs["private_subnet_ids"] == [rid(s) for s in recording.of_type(SUBNET)]
    assert outputs["availability_zones"] == ["eu-west-3a", "eu-west-3b"]
    assert outputs["cidr_block"] == "10.0.0.0/16"
    assert outputs["region"] == "eu-west-3"
    assert outputs["has_public_subnets"] is False
    assert outputs["flow_log_group_name"] == recording.one("aws:cloudwatch/logGroup:LogGroup").state["name"]


def test_endpoint_names_follow_the_partition(program) -> None:
    recording = program(build(region="eusc-de-east-1", zone="aws-eusc"))
    names = sorted(e.inputs["serviceName"] for e in recording.of_type(ENDPOINT))
    assert names[0] == "eu.amazonaws.eusc-de-east-1.ecr.api"
    assert "eu.amazonaws.eusc-de-east-1.s3" in names
    role = recording.one("aws:iam/role:Role")
    (trust,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert trust["Condition"]["ArnLike"]["aws:SourceArn"].startswith("arn:aws-eusc:ec2:eusc-de-east-1:")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"key_region": "eu-central-1"}, "key: the key is in 'eu-central-1' but the network is in 'eu-west-3'"),
        ({"logs": False}, "key: the key does not allow CloudWatch Logs to use it"),
        ({"cidr_block": "8.8.0.0/16"}, "cidr_block: '8.8.0.0/16' is not a private IPv4 range"),
        ({"cidr_block": "100.64.0.0/16"}, "cidr_block: '100.64.0.0/16' is not a private IPv4 range"),
        ({"cidr_block": "10.0.0.0/8"}, "of /16 to /24"),
        ({"cidr_block": "10.0.0.1/16"}, "written as its network address"),
        ({"cidr_block": "fd00::/56"}, "is not a private IPv4 range"),
        ({"availability_zones": 1}, "availability_zones: 1 is not a whole number between 2 and 6."),
        ({"availability_zones": True}, "availability_zones: True is not a whole number"),
        ({"public_subnets": "yes"}, "public_subnets: 'yes' is not True or False."),
        ({"additional_interface_endpoints": ["kms"]}, "additional_interface_endpoints: names a service twice"),
        ({"additional_interface_endpoints": ["s3"]}, "additional_interface_endpoints: names a service twice"),
        ({"additional_interface_endpoints": ["SQS queue"]}, "'SQS queue' is not an AWS service's endpoint name"),
        ({"log_retention_days": 0}, "log_retention_days: 0 is not a CloudWatch Logs retention period"),
        ({"map_public_ip_on_launch": True}, "map_public_ip_on_launch: subnets never assign public IPs"),
        ({"nat_gateway": True}, "nat_gateway: private subnets have no route out of the VPC"),
        ({"public_subnet": True}, "public_subnet: not an argument of ResidentNetwork; did you mean 'public_subnets'?"),
    ],
)
def test_refusals_before_any_network_resource(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert str(error).startswith("ResidentNetwork 'net': ")
    assert "\n" not in str(error)
    assert [r for r in recording.resources if r.type.startswith("aws:ec2")] == []
    assert recording.of_type("residency:components:ResidentNetwork") == []


def test_region_outside_the_zone_is_refused_by_the_provider(refused) -> None:
    error, recording = refused(build(region="us-east-1"))
    assert isinstance(error, ComponentArgumentError)
    assert "region 'us-east-1' is outside the residency zone 'eu'" in str(error)
    assert recording.resources == []


def test_provider_must_be_pinned(refused) -> None:
    def program() -> None:
        pinned = PinnedProvider("home", {"region": "eu-west-3"})
        key = ResidentKey("logs", {"provider": pinned, "allow_cloudwatch_logs": True})
        ResidentNetwork("net", {"provider": pinned.provider, "key": key})  # type: ignore[typeddict-item]

    error, _ = refused(program)
    assert "ResidentNetwork 'net': provider: pass a PinnedProvider." in str(error)


def test_a_region_with_too_few_zones_fails_when_the_zones_are_known(refused) -> None:
    error, recording = refused(build(availability_zones=4))
    assert (
        "ResidentNetwork 'net': availability_zones: eu-west-3 has 3 availability zones open to this account, "
        "fewer than the 4 asked for." in str(error)
    )
    assert recording.of_type(SUBNET) == []  # a subnet waits for its zone, which never resolves
