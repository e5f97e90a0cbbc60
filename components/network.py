"""ResidentNetwork: a VPC in the pinned region whose private subnets reach AWS only through regional endpoints."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Sequence
from typing import NotRequired, TypedDict

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
    endpoint_service_name,
    refuse,
)
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentNetwork"

#: The interface endpoints every resident network has: what ResidentService and ResidentDatabase need to
#: pull images (ECR API and registry), ship logs, use KMS and read secrets without leaving the region.
INTERFACE_ENDPOINTS = ("ecr.api", "ecr.dkr", "logs", "kms", "secretsmanager")

#: Subnets are carved from the VPC range four bits smaller: private ones from the first half, public ones
#: from the second, so a VPC of /16 gets /20 subnets and up to eight of each.
_SUBNET_BITS = 4
_MAX_ZONES = 6

#: The private IPv4 ranges of RFC 1918, the only ones a resident VPC may use.
PRIVATE_RANGES = tuple(ipaddress.IPv4Network(r) for r in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))

_SERVICE = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")

_NO_WAY_OUT = (
    "private subnets have no route out of the VPC; reach AWS services through the network's endpoints "
    "(add more with additional_interface_endpoints)."
)

#: Settings people reach for that a resident network never offers, and why.
UNSAFE_ARGUMENTS = {
    "map_public_ip_on_launch": "subnets never assign public IPs; an internet-facing load balancer uses the "
    "public subnets (public_subnets=True) and keeps its targets private.",
    "nat_gateway": _NO_WAY_OUT,
    "nat_gateways": _NO_WAY_OUT,
    "enable_ipv6": "the network is IPv4-only, so no address of it is reachable from the internet without a "
    "load balancer.",
}


class ResidentNetworkArgs(TypedDict):
    """Arguments of :class:`ResidentNetwork`."""

    provider: PinnedProvider
    """The pinned provider: the VPC, its subnets, endpoints and flow logs live in its region."""

    key: ResidentKey
    """The in-region key that encrypts the flow log group; it must allow CloudWatch Logs."""

    cidr_block: NotRequired[str]
    """The VPC's private IPv4 range (RFC 1918), ``/16`` to ``/24``; defaults to ``10.0.0.0/16``."""

    availability_zones: NotRequired[int]
    """How many of the region's availability zones get subnets, 2 to 6; defaults to 2 (load balancers and
    database subnet groups need two)."""

    public_subnets: NotRequired[bool]
    """Also create public subnets with a route to an internet gateway, for an internet-facing load balancer
    (tasks and databases always stay in the private subnets). Defaults to ``False``."""

    additional_interface_endpoints: NotRequired[Sequence[str]]
    """More AWS services to reach through interface endpoints of the region (``sqs``, ``sts``, ``ssm``), as
    the last part of the endpoint service name."""

    log_retention_days: NotRequired[int]
    """Retention of the flow log group; defaults to 7 days (``residency:logRetentionDays``)."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentNetwork(pulumi.ComponentResource):
    """A VPC for resident services and databases, pinned to the provider's region.

    Fixed: private subnets in distinct availability zones of the region (read through the pinned provider)
    with no route out of the VPC: no NAT gateway, no internet gateway route. S3 is reached through a gateway
    endpoint, ECR, CloudWatch Logs, KMS and Secrets Manager through interface endpoints of the same region
    with private DNS, so that traffic to them stays on the regional network. Public subnets exist only when
    asked for and never assign public IPs. The default security group allows nothing; flow logs of all
    traffic go to a KMS-encrypted log group of the region with bounded retention.
    """

    vpc_id: pulumi.Output[str]
    """The VPC's id."""

    private_subnet_ids: pulumi.Output[list[str]]
    """The private subnets, one per availability zone, in zone order."""

    public_subnet_ids: pulumi.Output[list[str]] | None
    """The public subnets (one per availability zone), when ``public_subnets`` is on."""

    availability_zones: pulumi.Output[list[str]]
    """The availability zones the subnets are in."""

    endpoint_security_group_id: pulumi.Output[str]
    """The security group of the interface endpoints (HTTPS from the VPC only)."""

    s3_prefix_list_id: pulumi.Output[str]
    """The prefix list of the region's S3 gateway endpoint (for security group egress rules)."""

    flow_log_group_name: pulumi.Output[str]
    """The log group that receives the VPC's flow logs."""

    cidr_block: str
    """The VPC's IPv4 range (plain, known at program time)."""

    interface_endpoints: list[str]
    """The AWS services reached through interface endpoints (plain, sorted)."""

    has_public_subnets: bool
    """Whether the network has public subnets (an internet-facing load balancer needs them)."""

    region: str
    """The network's region."""

    def __init__(self, name: str, args: ResidentNetworkArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, network, zone_count, public, services, retention, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region
        self.cidr_block = str(network)
        self.has_public_subnets = public
        self.interface_endpoints = sorted(services)
        tags = pinned.tags(data_class)
        options = pinned.options(self)

        zones = aws.get_availability_zones_output(
            state="available",
            # Local and Wavelength zones are opt-in; only the region's own availability zones qualify.
            filters=[aws.GetAvailabilityZonesFilterArgs(name="opt-in-status", values=["opt-in-not-required"])],
            opts=pulumi.InvokeOutputOptions(provider=pinned.provider, parent=self),
        )
        chosen = zones.names.apply(lambda names: _first_zones(name, pinned.region, names, zone_count))
        vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=self.cidr_block,
            enable_dns_support=True,
            enable_dns_hostnames=True,  # interface endpoints' private DNS needs both
            assign_generated_ipv6_cidr_block=False,
            tags=tags,
            opts=options,
        )
        aws.ec2.DefaultSecurityGroup(
            f"{name}-default-security-group",
            vpc_id=vpc.id,
            ingress=[],
            egress=[],
            tags=tags,
            opts=options,
        )
        blocks = list(network.subnets(new_prefix=network.prefixlen + _SUBNET_BITS))
        half = len(blocks) // 2

        private_routes = aws.ec2.RouteTable(f"{name}-private-routes", vpc_id=vpc.id, tags=tags, opts=options)
        private = _subnets(name, "private", vpc, blocks[:zone_count], chosen, private_routes, tags, options)

        public_ids: pulumi.Output[list[str]] | None = None
        if public:
            gateway = aws.ec2.InternetGateway(f"{name}-internet-gateway", vpc_id=vpc.id, tags=tags, opts=options)
            public_routes = aws.ec2.RouteTable(f"{name}-public-routes", vpc_id=vpc.id, tags=tags, opts=options)
            aws.ec2.Route(
                f"{name}-public-default-route",
                route_table_id=public_routes.id,
                destination_cidr_block="0.0.0.0/0",
                gateway_id=gateway.id,
                opts=options,
            )
            subnets = _subnets(
                name, "public", vpc, blocks[half : half + zone_count], chosen, public_routes, tags, options
            )
            public_ids = pulumi.Output.all(*[s.id for s in subnets])

        endpoint_group = aws.ec2.SecurityGroup(
            f"{name}-endpoints",
            vpc_id=vpc.id,
            description=f"{name}: interface endpoints accept HTTPS from the VPC only",
            tags=tags,
            opts=options,
        )
        aws.vpc.SecurityGroupIngressRule(
            f"{name}-endpoints-https-from-vpc",
            security_group_id=endpoint_group.id,
            description="HTTPS from inside the VPC",
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            cidr_ipv4=self.cidr_block,
            tags=tags,
            opts=options,
        )
        s3_endpoint = aws.ec2.VpcEndpoint(
            f"{name}-s3-endpoint",
            vpc_id=vpc.id,
            service_name=endpoint_service_name("s3", pinned.region, pinned.partition),
            vpc_endpoint_type="Gateway",
            route_table_ids=[private_routes.id],
            tags=tags,
            opts=options,
        )
        for service in self.interface_endpoints:
            aws.ec2.VpcEndpoint(
                f"{name}-{service.replace('.', '-')}-endpoint",
                vpc_id=vpc.id,
                service_name=endpoint_service_name(service, pinned.region, pinned.partition),
                vpc_endpoint_type="Interface",
                ip_address_type="ipv4",
                private_dns_enabled=True,
                subnet_ids=[s.id for s in private],
                security_group_ids=[endpoint_group.id],
                tags=tags,
                opts=options,
            )

        log_group = aws.cloudwatch.LogGroup(
            f"{name}-flow-logs",
            retention_in_days=retention,
            kms_key_id=key.key_arn,
            tags=tags,
            opts=options,
        )
        region, partition = pinned.region, pinned.partition
        role = aws.iam.Role(
            f"{name}-flow-logs-role",
            description=f"VPC flow logs of {name} write to their log group in {region}",
            assume_role_policy=pinned.account_id.apply(
                lambda account: json.dumps(
                    assume_role_policy(
                        "vpc-flow-logs.amazonaws.com",
                        {
                            "StringEquals": {"aws:SourceAccount": account},
                            "ArnLike": {"aws:SourceArn": f"arn:{partition}:ec2:{region}:{account}:vpc-flow-log/*"},
                        },
                    )
                )
            ),
            tags=tags,
            opts=options,
        )
        role_policy = aws.iam.RolePolicy(
            f"{name}-flow-logs-policy",
            role=role.id,
            policy=log_group.arn.apply(lambda arn: json.dumps(flow_log_policy(arn))),
            opts=options,
        )
        aws.ec2.FlowLog(
            f"{name}-flow-log",
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=[role_policy]),
        )

        self.vpc_id = vpc.id
        self.private_subnet_ids = pulumi.Output.all(*[s.id for s in private])
        self.public_subnet_ids = public_ids
        self.availability_zones = chosen
        self.endpoint_security_group_id = endpoint_group.id
        self.s3_prefix_list_id = s3_endpoint.prefix_list_id
        self.flow_log_group_name = log_group.name
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "private_subnet_ids": self.private_subnet_ids,
                "public_subnet_ids": self.public_subnet_ids,
                "availability_zones": self.availability_zones,
                "endpoint_security_group_id": self.endpoint_security_group_id,
                "s3_prefix_list_id": self.s3_prefix_list_id,
                "flow_log_group_name": self.flow_log_group_name,
                "cidr_block": self.cidr_block,
                "interface_endpoints": self.interface_endpoints,
                "has_public_subnets": self.has_public_subnets,
                "region": self.region,
            }
        )


def _subnets(
    name: str,
    role: str,
    vpc: aws.ec2.Vpc,
    blocks: Sequence[ipaddress.IPv4Network],
    zones: pulumi.Output[list[str]],
    routes: aws.ec2.RouteTable,
    tags: dict[str, str],
    options: pulumi.ResourceOptions,
) -> list[aws.ec2.Subnet]:
    """One subnet per zone (``<name>-<role>-subnet-<n>``), each associated with ``routes``."""
    subnets = []
    for index, block in enumerate(blocks):
        subnet = aws.ec2.Subnet(
            f"{name}-{role}-subnet-{index + 1}",
            vpc_id=vpc.id,
            cidr_block=str(block),
            availability_zone=zones.apply(_nth(index)),
            map_public_ip_on_launch=False,
            assign_ipv6_address_on_creation=False,
            tags=tags,
            opts=options,
        )
        aws.ec2.RouteTableAssociation(
            f"{name}-{role}-subnet-{index + 1}-routes",
            subnet_id=subnet.id,
            route_table_id=routes.id,
            opts=options,
        )
        subnets.append(subnet)
    return subnets


def _nth(index: int) -> Callable[[list[str]], str]:
    return lambda names: names[index]


def _first_zones(name: str, region: str, names: Sequence[str] | None, count: int) -> list[str]:
    """The first ``count`` availability zones of the region, sorted; too few is a refusal (at run time, when
    the region's zones are known)."""
    found = sorted(names or [])
    if len(found) < count:
        raise refuse(
            _KIND,
            name,
            "availability_zones",
            f"{region} has {len(found)} availability zones open to this account, fewer than the {count} asked for.",
        )
    return found[:count]


def flow_log_policy(log_group_arn: str) -> dict[str, object]:
    """What VPC flow logs may do: write streams and events to their own log group, nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "OwnLogGroup",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                "Resource": [log_group_arn, f"{log_group_arn}:*"],
            }
        ],
    }


def _validate(
    name: str, args: ResidentNetworkArgs
) -> tuple[PinnedProvider, ResidentKey, ipaddress.IPv4Network, int, bool, list[str], int, str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    check_known_arguments(_KIND, name, args, ResidentNetworkArgs.__annotations__, UNSAFE_ARGUMENTS)
    key = require_key(_KIND, name, args["key"], pinned, "network", "flow logs are encrypted in their own region.")
    check_logs_key(_KIND, name, key.allows_cloudwatch_logs, "the flow log group")
    raw = args.get("cidr_block", "10.0.0.0/16")
    try:
        network = ipaddress.IPv4Network(raw) if isinstance(raw, str) else None
    except ValueError:
        network = None
    private = network is not None and any(network.subnet_of(r) for r in PRIVATE_RANGES)
    if network is None or not private or not 16 <= network.prefixlen <= 24:
        raise refuse(
            _KIND,
            name,
            "cidr_block",
            f"{raw!r} is not a private IPv4 range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) of /16 to /24, "
            "written as its network address.",
        )
    zone_count = check_int(_KIND, name, "availability_zones", args.get("availability_zones", 2), 2, _MAX_ZONES)
    public = check_bool(_KIND, name, "public_subnets", args.get("public_subnets", False))
    extra = list(args.get("additional_interface_endpoints", ()))
    for service in extra:
        if not isinstance(service, str) or not _SERVICE.fullmatch(service):
            raise refuse(
                _KIND,
                name,
                "additional_interface_endpoints",
                f"{service!r} is not an AWS service's endpoint name (such as 'sqs' or 'ecr.api').",
            )
    if len(set(extra)) != len(extra) or set(extra) & set(INTERFACE_ENDPOINTS) or "s3" in extra:
        raise refuse(
            _KIND,
            name,
            "additional_interface_endpoints",
            f"names a service twice; {', '.join(INTERFACE_ENDPOINTS)} and s3 are always there.",
        )
    retention = check_retention(_KIND, name, args.get("log_retention_days", 7))
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, network, zone_count, public, [*INTERFACE_ENDPOINTS, *extra], retention, data_class


def require_network(kind: str, name: str, value: object, pinned: PinnedProvider, noun: str) -> ResidentNetwork:
    """The ``network`` argument of a component: a :class:`ResidentNetwork` of the component's own region."""
    if not isinstance(value, ResidentNetwork):
        raise refuse(kind, name, "network", f"pass a ResidentNetwork of the {noun}'s region.")
    if value.region != pinned.region:
        raise refuse(
            kind,
            name,
            "network",
            f"the network is in {value.region!r} but the {noun} is in {pinned.region!r}; use a network of the "
            f"{noun}'s region.",
        )
    return value
