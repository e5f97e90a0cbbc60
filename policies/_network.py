"""The network in front of instances and databases: security groups, public addresses, routes to the internet.

A machine answers the internet when three things hold:

* it has a public address: ``associatePublicIpAddress``, a subnet that maps public IPs on launch (a default
  subnet does; an instance with no subnet lands in one), an Elastic IP, or an IPv6 address;
* a security group attached to it admits the internet on a port it listens on: an ingress rule (inline, or a
  standalone ``vpc.SecurityGroupIngressRule`` / ``ec2.SecurityGroupRule`` of type ``ingress``) from
  ``0.0.0.0/0``, ``::/0`` or any CIDR as wide as a /8 (IPv6 /16) outside private space; a prefix list or an
  unknown CIDR may be the internet (undetermined); a fixed narrower CIDR or another security group is not
  "the internet" (by design: those are known parties);
* its subnet routes to an internet gateway. That is only used to clear a machine: a subnet whose route table
  (explicit association, or the VPC's main table) is in the stack and has no route to an internet gateway is
  private; when the route table is not known, a public address is taken to be reachable.

Egress rules admit nothing and are ignored. Each answer is ``yes``, ``no`` or ``maybe`` with a reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from residency import catalog

from ._public import world_cidr
from ._refs import Resolved, resolve, resolve_one, values_at
from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_list, as_mapping, is_true


@dataclass(frozen=True, slots=True)
class Answer:
    """``yes``, ``no`` or ``maybe``, with what decided it (no raw values: paths and resource names)."""

    value: str
    why: str = ""

    @property
    def yes(self) -> bool:
        return self.value == "yes"

    @property
    def no(self) -> bool:
        return self.value == "no"


YES: Final = "yes"
NO: Final = "no"
MAYBE: Final = "maybe"


def both(*answers: Answer) -> Answer:
    """All of them: ``no`` if one is no, ``yes`` if all are yes, else ``maybe`` (the first doubtful reason)."""
    for answer in answers:
        if answer.no:
            return answer
    doubtful = [a for a in answers if a.value == MAYBE]
    if doubtful:
        return doubtful[0]
    return Answer(YES, "; ".join(a.why for a in answers if a.why))


def either(*answers: Answer) -> Answer:
    """One of them: ``yes`` if one is yes, ``no`` if all are no, else ``maybe``."""
    for answer in answers:
        if answer.yes:
            return answer
    doubtful = [a for a in answers if a.value == MAYBE]
    return doubtful[0] if doubtful else Answer(NO)


#: Protocols that are not services (an ICMP rule lets pings in, not requests).
_NOT_SERVICES: Final = frozenset({"icmp", "1", "icmpv6", "58"})
_ALL: Final = frozenset({"-1", "all"})


def _port_covered(protocol: Any, low: Any, high: Any, port: int | None) -> Answer:
    if protocol is UNKNOWN or low is UNKNOWN or high is UNKNOWN:
        return Answer(MAYBE, "a protocol or port unknown at preview")
    proto = str(protocol).strip().lower() if protocol is not None else "-1"
    if proto in _NOT_SERVICES:
        return Answer(NO)
    if proto in _ALL or (isinstance(protocol, int | float) and int(protocol) == -1):
        return Answer(YES, "every port")
    try:
        lo, hi = int(low), int(high)
    except (TypeError, ValueError):
        return Answer(MAYBE, "a port range that is not a pair of numbers")
    if port is None:
        return Answer(YES, "every port" if lo in (-1, 0) and hi in (-1, 65535) else
                      f"port {lo}" if lo == hi else f"ports {lo}-{hi}")
    if lo == -1 or lo <= port <= hi:
        return Answer(YES, f"port {port}")
    return Answer(NO)


@dataclass(frozen=True, slots=True)
class Opening:
    """One ingress rule of a security group: which internet (IPv4, IPv6) it admits, on which ports."""

    where: str
    protocol: Any
    low: Any
    high: Any
    v4: Answer
    v6: Answer


def _sources(cidrs: Any, cidrs_v6: Any, prefix_lists: Any) -> tuple[Answer, Answer]:
    v4, v6 = Answer(NO), Answer(NO)
    for value in values_at(cidrs):
        if value is UNKNOWN:
            v4 = either(v4, Answer(MAYBE, "a CIDR unknown at preview"))
        elif world_cidr(value):
            v4 = Answer(YES, "the internet (IPv4)")
    for value in values_at(cidrs_v6):
        if value is UNKNOWN:
            v6 = either(v6, Answer(MAYBE, "an IPv6 CIDR unknown at preview"))
        elif world_cidr(value):
            v6 = Answer(YES, "the internet (IPv6)")
    if any(p is not None and p != "" for p in values_at(prefix_lists)):
        reason = "a prefix list, whose entries are not known here"
        v4, v6 = either(v4, Answer(MAYBE, reason)), either(v6, Answer(MAYBE, reason))
    return v4, v6


class Network:
    """Security groups, subnets, route tables and public addresses of one stack, indexed once."""

    def __init__(self, index: StackIndex) -> None:
        self.index = index
        self._rules: dict[str, list[Opening]] = defaultdict(list)
        self._eips: set[str] = set()
        self._subnet_tables: dict[str, list[Subject]] = defaultdict(list)
        self._main_tables: dict[str, list[Subject]] = defaultdict(list)
        self._routes: dict[str, list[Subject]] = defaultdict(list)
        self._gateways: dict[str, list[Subject]] = defaultdict(list)
        self._unresolved_eip = False
        for subject in index.subjects:
            self._add(subject)

    # -- indexing --------------------------------------------------------------------------------------------

    def _one(self, subject: Subject, path: str, types: Iterable[str]) -> Subject | None:
        props: Any = subject.props
        for part in path.split("."):
            props = as_mapping(props).get(part)
        resolved = resolve_one(self.index, subject, path, props, set(types))
        return resolved.found[0] if resolved.found else None

    def _add(self, subject: Subject) -> None:
        props = subject.props
        if subject.type == catalog.VPC_SECURITY_GROUP_INGRESS_RULE:
            group = self._one(subject, "securityGroupId", SECURITY_GROUPS)
            if group is not None:
                v4, v6 = _sources(props.get("cidrIpv4"), props.get("cidrIpv6"), props.get("prefixListId"))
                self._rules[group.urn].append(Opening(f"ingress rule {subject.name!r}", props.get("ipProtocol"),
                                                      props.get("fromPort"), props.get("toPort"), v4, v6))
        elif subject.type == catalog.EC2_SECURITY_GROUP_RULE:
            if props.get("type") in ("ingress", UNKNOWN):
                group = self._one(subject, "securityGroupId", SECURITY_GROUPS)
                if group is not None:
                    v4, v6 = _sources(props.get("cidrBlocks"), props.get("ipv6CidrBlocks"),
                                      props.get("prefixListIds"))
                    if props.get("type") is UNKNOWN:
                        v4 = either(v4, Answer(MAYBE, "a rule whose direction is unknown at preview")) \
                            if v4.yes else v4
                    self._rules[group.urn].append(Opening(f"security group rule {subject.name!r}",
                                                          props.get("protocol"), props.get("fromPort"),
                                                          props.get("toPort"), v4, v6))
        elif subject.type in (catalog.EC2_EIP, catalog.EC2_EIP_ASSOCIATION):
            for path in ("instance", "networkInterface", "instanceId", "networkInterfaceId"):
                if props.get(path) not in (None, ""):
                    target = self._one(subject, path, _ADDRESSABLE)
                    if target is not None:
                        self._eips.add(target.urn)
        elif subject.type == catalog.EC2_ROUTE_TABLE_ASSOCIATION:
            subnet = self._one(subject, "subnetId", SUBNETS)
            table = self._one(subject, "routeTableId", ROUTE_TABLES)
            if subnet is not None:
                self._subnet_tables[subnet.urn].append(table or subject)
        elif subject.type == catalog.EC2_MAIN_ROUTE_TABLE_ASSOCIATION:
            vpc = self._one(subject, "vpcId", (VPC,))
            table = self._one(subject, "routeTableId", ROUTE_TABLES)
            if vpc is not None:
                self._main_tables[vpc.urn].append(table or subject)
        elif subject.type == catalog.EC2_ROUTE:
            table = self._one(subject, "routeTableId", ROUTE_TABLES)
            if table is not None:
                self._routes[table.urn].append(subject)
        elif subject.type in (catalog.EC2_INTERNET_GATEWAY, _GATEWAY_ATTACHMENT):
            vpc = self._one(subject, "vpcId", (VPC,))
            if vpc is not None:
                self._gateways[vpc.urn].append(subject)

    # -- security groups -------------------------------------------------------------------------------------

    def groups(self, subject: Subject, path: str, value: Any) -> Resolved:
        """The security groups a property names (ids or names)."""
        return resolve(self.index, subject, path, value, SECURITY_GROUPS)

    def openings(self, group: Subject) -> list[Opening]:
        """The ingress rules of a security group: inline, then standalone."""
        found: list[Opening] = []
        ingress = group.props.get("ingress")
        if ingress is UNKNOWN:
            found.append(Opening(f"security group {group.name!r} (`ingress`)", UNKNOWN, UNKNOWN, UNKNOWN,
                                 Answer(MAYBE, "`ingress` unknown at preview"),
                                 Answer(MAYBE, "`ingress` unknown at preview")))
        for position, rule in enumerate(as_list(ingress)):
            rule = as_mapping(rule)
            v4, v6 = _sources(rule.get("cidrBlocks"), rule.get("ipv6CidrBlocks"), rule.get("prefixListIds"))
            found.append(Opening(f"security group {group.name!r} (`ingress[{position}]`)", rule.get("protocol"),
                                 rule.get("fromPort"), rule.get("toPort"), v4, v6))
        found.extend(self._rules.get(group.urn, ()))
        return found

    def admits(self, groups: Resolved, port: int | None) -> tuple[Answer, Answer]:
        """Whether the internet (IPv4, IPv6) gets in through these groups on ``port`` (any port if ``None``)."""
        v4, v6 = Answer(NO), Answer(NO)
        for group in groups.found:
            for opening in self.openings(group):
                ports = _port_covered(opening.protocol, opening.low, opening.high, port)
                if ports.no:
                    continue
                v4 = either(v4, _admit(opening, opening.v4, ports))
                v6 = either(v6, _admit(opening, opening.v6, ports))
        if groups.unresolved:
            doubt = Answer(MAYBE, "a security group that is not in this stack (its rules are not known)")
            v4, v6 = either(v4, doubt), either(v6, doubt)
        return v4, v6

    # -- addresses and routes --------------------------------------------------------------------------------

    def has_eip(self, subject: Subject) -> bool:
        """Whether an Elastic IP of this stack is attached to the resource."""
        return subject.urn in self._eips

    def subnet(self, subject: Subject, path: str, value: Any) -> tuple[Subject | None, bool]:
        """The subnet a property names: ``(subnet, unresolved)``."""
        resolved = resolve_one(self.index, subject, path, value, SUBNETS)
        return (resolved.found[0] if resolved.found else None), resolved.unresolved

    def maps_public_ip(self, subnet: Subject) -> Answer:
        """Whether instances launched in the subnet get a public IPv4 address."""
        value = subnet.props.get("mapPublicIpOnLaunch")
        if value is UNKNOWN:
            return Answer(MAYBE, f"`mapPublicIpOnLaunch` of subnet {subnet.name!r} is unknown at preview")
        if value is None and subnet.type == catalog.EC2_DEFAULT_SUBNET:
            return Answer(YES, f"default subnet {subnet.name!r} maps public IPs on launch")
        if is_true(value):
            return Answer(YES, f"subnet {subnet.name!r} maps public IPs on launch")
        return Answer(NO)

    def assigns_ipv6(self, subnet: Subject) -> Answer:
        value = subnet.props.get("assignIpv6AddressOnCreation")
        if value is UNKNOWN:
            return Answer(MAYBE, f"`assignIpv6AddressOnCreation` of subnet {subnet.name!r} is unknown at preview")
        return Answer(YES, f"subnet {subnet.name!r} assigns IPv6 addresses") if is_true(value) else Answer(NO)

    def routes_to_internet(self, subnet: Subject | None) -> Answer:
        """``no`` only when the subnet's route table is in the stack and has no internet gateway route."""
        if subnet is None or subnet.type == catalog.EC2_DEFAULT_SUBNET:
            return Answer(YES)
        tables = self._subnet_tables.get(subnet.urn)
        if not tables:
            vpc = resolve_one(self.index, subnet, "vpcId", subnet.props.get("vpcId"), (VPC,))
            if not vpc.found:
                return Answer(YES)
            tables = self._main_tables.get(vpc.found[0].urn)
            if not tables:
                # The VPC's own main table: only the local route unless a gateway is attached and routed.
                return Answer(YES) if self._gateways.get(vpc.found[0].urn) else Answer(NO)
        for table in tables:
            if table.type not in ROUTE_TABLES or self._table_has_gateway(table):
                return Answer(YES)
        return Answer(NO)

    def _table_has_gateway(self, table: Subject) -> bool:
        routes = table.props.get("routes")
        if routes is UNKNOWN:
            return True
        for route in as_list(routes):
            if _gateway_route(as_mapping(route).get("gatewayId")):
                return True
        if any(d.type == catalog.EC2_INTERNET_GATEWAY for d in self.index.dependencies(table, "routes") or []):
            return True
        for route in self._routes.get(table.urn, ()):
            gateway = route.props.get("gatewayId")
            if _gateway_route(gateway) or any(
                d.type == catalog.EC2_INTERNET_GATEWAY for d in self.index.dependencies(route, "gatewayId") or []
            ):
                return True
        return False


def _admit(opening: Opening, source: Answer, ports: Answer) -> Answer:
    if source.no:
        return source
    answer = both(source, ports)
    if answer.yes:
        return Answer(YES, f"{opening.where} admits {source.why} on {ports.why}")
    return Answer(MAYBE, f"{answer.why} in {opening.where}") if answer.value == MAYBE else answer


def _gateway_route(value: Any) -> bool:
    return value is UNKNOWN or (isinstance(value, str) and value.startswith("igw-"))


VPC: Final = "aws:ec2/vpc:Vpc"
_GATEWAY_ATTACHMENT: Final = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment"
_ADDRESSABLE: Final = (catalog.EC2_INSTANCE, catalog.EC2_NETWORK_INTERFACE)
SECURITY_GROUPS: Final = frozenset({catalog.EC2_SECURITY_GROUP, catalog.EC2_DEFAULT_SECURITY_GROUP})
SUBNETS: Final = frozenset({catalog.EC2_SUBNET, catalog.EC2_DEFAULT_SUBNET})
ROUTE_TABLES: Final = frozenset({catalog.EC2_ROUTE_TABLE, catalog.EC2_DEFAULT_ROUTE_TABLE})


def first_subnets(network: Network, subject: Subject, path: str, value: Any) -> tuple[list[Subject], bool]:
    """The subnets a list property names: ``(subnets, unresolved)``."""
    resolved = resolve(network.index, subject, path, value, SUBNETS)
    return resolved.found, resolved.unresolved


def all_private(network: Network, subnets: Sequence[Subject], unresolved: bool) -> bool:
    """Whether every subnet is known and none routes to an internet gateway."""
    return bool(subnets) and not unresolved and all(network.routes_to_internet(s).no for s in subnets)
