"""ResidentDatabase: Aurora PostgreSQL in the network's private subnets, encrypted, keyless, never replicated."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import (
    TYPE_PREFIX,
    check_bool,
    check_data_class,
    check_int,
    check_known_arguments,
    check_logs_key,
    check_retention,
    refuse,
)
from .key import ResidentKey, require_key
from .network import ResidentNetwork, require_network
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentDatabase"

#: The PostgreSQL port; the security group admits nothing else.
PORT = 5432

#: The oldest Aurora PostgreSQL major version offered (older ones are past their end of standard support).
MIN_MAJOR_VERSION = 13

_IDENTIFIER = re.compile(r"[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,59}")
_SQL_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,62}")
_VERSION = re.compile(r"(?P<major>\d{2})\.\d{1,2}")
_INSTANCE_CLASS = re.compile(r"db\.[a-z0-9-]+\.[a-z0-9]+")

_NEVER_LEAVES = (
    "a resident database never leaves the zone: no global cluster, cross-region replica or backup "
    "replication. Create a second ResidentDatabase in a region of the zone if you need one."
)

#: Settings people reach for that a resident database never offers, and why.
UNSAFE_ARGUMENTS = {
    "publicly_accessible": "a resident database is never publicly accessible: it lives in the network's private "
    "subnets; reach it from a ResidentService or another client in the same VPC.",
    "replica_region": _NEVER_LEAVES,
    "replica_regions": _NEVER_LEAVES,
    "source_region": _NEVER_LEAVES,
    "global_cluster_identifier": _NEVER_LEAVES,
    "replication_source_identifier": _NEVER_LEAVES,
    "master_password": "the master password is managed by RDS in Secrets Manager (encrypted with the resident "
    "key); applications sign in with IAM database authentication.",
    "storage_encrypted": "storage and backups are always encrypted with the resident key.",
    "enable_http_endpoint": "the RDS Data API (a public HTTPS endpoint) is never enabled.",
}


class ResidentDatabaseArgs(TypedDict):
    """Arguments of :class:`ResidentDatabase`."""

    provider: PinnedProvider
    """The pinned provider: the cluster, its instances, backups, secret and logs live in its region."""

    key: ResidentKey
    """The in-region key that encrypts storage, backups, snapshots, Performance Insights, the master user's
    secret and the log group; it must allow CloudWatch Logs."""

    network: ResidentNetwork
    """The resident network whose private subnets hold the cluster; it must be in the provider's region."""

    identifier: NotRequired[str]
    """The cluster identifier, unique in the account and region (lower-case letters, digits and single
    hyphens, at most 60); defaults to the component's name. Its log group is named after it, so that the group
    exists, encrypted and bounded, before RDS first writes to it."""

    engine_version: NotRequired[str]
    """The Aurora PostgreSQL version (``16.6``); major versions from 13. Defaults to ``16.6``."""

    database_name: NotRequired[str]
    """The database created with the cluster; defaults to ``app``."""

    master_username: NotRequired[str]
    """The master user's name (its password is managed by RDS); defaults to ``dbadmin``."""

    instance_class: NotRequired[str]
    """``db.serverless`` (Aurora Serverless v2, the default) or a provisioned class such as ``db.r7g.large``."""

    serverless_min_capacity: NotRequired[float]
    """Serverless v2 minimum capacity in ACUs, 0.5 to 256 in steps of 0.5; defaults to 0.5."""

    serverless_max_capacity: NotRequired[float]
    """Serverless v2 maximum capacity in ACUs, 1 to 256 in steps of 0.5; defaults to 4."""

    instances: NotRequired[int]
    """Instances in the cluster (one writer, the rest readers in other zones), 1 to 15; defaults to 2."""

    backup_retention_days: NotRequired[int]
    """Days automated backups are kept (in the cluster's region), 1 to 35; defaults to 7."""

    deletion_protection: NotRequired[bool]
    """Refuse to delete the cluster until this is turned off; defaults to ``True``."""

    skip_final_snapshot: NotRequired[bool]
    """Delete without a final snapshot (development stacks only); defaults to ``False``: the final snapshot
    ``<identifier>-final`` is kept, encrypted, in the cluster's region."""

    client_security_group_ids: NotRequired[Sequence[pulumi.Input[str]]]
    """Security groups (of the same VPC) allowed to connect on port 5432. A :class:`ResidentService` given the
    database in its ``databases`` argument opens this path itself."""

    log_retention_days: NotRequired[int]
    """Retention of the PostgreSQL log group; defaults to 7 days (``residency:logRetentionDays``)."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentDatabase(pulumi.ComponentResource):
    """An Aurora PostgreSQL cluster (Serverless v2 or provisioned) for customer content, pinned to the
    provider's region.

    Fixed: storage, automated backups and snapshots encrypted with the in-region key; instances not publicly
    accessible, in the network's private subnets, behind a security group that admits port 5432 only from the
    given client groups and has no egress; TLS required (``rds.force_ssl``); IAM database authentication on;
    the master password managed by RDS in a Secrets Manager secret of the region encrypted with the key (never
    replicated); backups in the region with bounded retention and tags copied to snapshots; no global
    cluster, cross-region replica or Data API; PostgreSQL logs exported to a log group created beforehand with
    the key and a bounded retention; Performance Insights encrypted with the key. Enhanced monitoring stays off
    (it writes to an account-wide log group this component cannot encrypt or bound).
    """

    cluster_arn: pulumi.Output[str]
    """The cluster's ARN (carries the region)."""

    cluster_resource_id: pulumi.Output[str]
    """The cluster's resource id, which IAM ``rds-db:connect`` permissions name."""

    endpoint: pulumi.Output[str]
    """The writer endpoint (a host name in the region)."""

    reader_endpoint: pulumi.Output[str]
    """The reader endpoint."""

    master_user_secret_arn: pulumi.Output[str]
    """The ARN of the Secrets Manager secret RDS keeps the master password in (for break-glass use)."""

    security_group_id: pulumi.Output[str]
    """The cluster's security group."""

    log_group_name: pulumi.Output[str]
    """The log group receiving the PostgreSQL log."""

    network: ResidentNetwork
    """The resident network the database lives in."""

    identifier: str
    """The cluster identifier (plain)."""

    database_name: str
    """The database created with the cluster (plain)."""

    port: int
    """The PostgreSQL port (5432)."""

    region: str
    """The database's region."""

    def __init__(self, name: str, args: ResidentDatabaseArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, network, settings, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region
        self.network = network
        self.identifier = identifier = settings["identifier"]
        self.database_name = settings["database_name"]
        self.port = PORT
        tags = pinned.tags(data_class)
        options = pinned.options(self)

        group = aws.ec2.SecurityGroup(
            f"{name}-security-group",
            vpc_id=network.vpc_id,
            description=f"{name}: PostgreSQL from its clients only, no egress",
            tags=tags,
            opts=options,
        )
        for index, client in enumerate(settings["clients"]):
            aws.vpc.SecurityGroupIngressRule(
                f"{name}-client-{index + 1}",
                security_group_id=group.id,
                description="PostgreSQL from a client security group",
                ip_protocol="tcp",
                from_port=PORT,
                to_port=PORT,
                referenced_security_group_id=client,
                tags=tags,
                opts=options,
            )
        subnets = aws.rds.SubnetGroup(
            f"{name}-subnets",
            description=f"{name}: private subnets of the resident network",
            subnet_ids=network.private_subnet_ids,
            tags=tags,
            opts=options,
        )
        parameters = aws.rds.ClusterParameterGroup(
            f"{name}-parameters",
            family=f"aurora-postgresql{settings['major']}",
            description=f"{name}: TLS required",
            parameters=[aws.rds.ClusterParameterGroupParameterArgs(name="rds.force_ssl", value="1")],
            tags=tags,
            opts=options,
        )
        # RDS would create this group on first write, unencrypted and kept forever: create it first.
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-postgresql-logs",
            name=f"/aws/rds/cluster/{identifier}/postgresql",
            retention_in_days=settings["log_retention_days"],
            kms_key_id=key.key_arn,
            tags=tags,
            opts=options,
        )
        serverless = settings["instance_class"] == "db.serverless"
        cluster = aws.rds.Cluster(
            f"{name}-cluster",
            cluster_identifier=identifier,
            engine=aws.rds.EngineType.AURORA_POSTGRESQL,
            engine_mode="provisioned",
            engine_version=settings["engine_version"],
            allow_major_version_upgrade=False,
            database_name=settings["database_name"],
            master_username=settings["master_username"],
            manage_master_user_password=True,
            master_user_secret_kms_key_id=key.key_arn,
            iam_database_authentication_enabled=True,
            storage_encrypted=True,
            kms_key_id=key.key_arn,
            port=PORT,
            network_type="IPV4",
            db_subnet_group_name=subnets.name,
            vpc_security_group_ids=[group.id],
            db_cluster_parameter_group_name=parameters.name,
            backup_retention_period=settings["backup_retention_days"],
            copy_tags_to_snapshot=True,
            deletion_protection=settings["deletion_protection"],
            skip_final_snapshot=settings["skip_final_snapshot"],
            final_snapshot_identifier=None if settings["skip_final_snapshot"] else f"{identifier}-final",
            enabled_cloudwatch_logs_exports=["postgresql"],
            enable_http_endpoint=False,
            serverlessv2_scaling_configuration=(
                aws.rds.ClusterServerlessv2ScalingConfigurationArgs(
                    min_capacity=settings["min_capacity"], max_capacity=settings["max_capacity"]
                )
                if serverless
                else None
            ),
            tags=tags,
            opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=[log_group]),
        )
        for index in range(settings["instances"]):
            aws.rds.ClusterInstance(
                f"{name}-instance-{index + 1}",
                identifier=f"{identifier}-{index + 1}",
                cluster_identifier=cluster.id,
                instance_class=settings["instance_class"],
                engine=aws.rds.EngineType.AURORA_POSTGRESQL,
                engine_version=cluster.engine_version,
                db_subnet_group_name=subnets.name,
                publicly_accessible=False,
                auto_minor_version_upgrade=True,
                promotion_tier=index,
                copy_tags_to_snapshot=True,
                monitoring_interval=0,
                performance_insights_enabled=True,
                performance_insights_kms_key_id=key.key_arn,
                performance_insights_retention_period=7,
                tags=tags,
                opts=options,
            )

        self.cluster_arn = cluster.arn
        self.cluster_resource_id = cluster.cluster_resource_id
        self.endpoint = cluster.endpoint
        self.reader_endpoint = cluster.reader_endpoint
        self.master_user_secret_arn = cluster.master_user_secrets.apply(_secret_arn)
        self.security_group_id = group.id
        self.log_group_name = log_group.name
        self.register_outputs(
            {
                "cluster_arn": self.cluster_arn,
                "cluster_resource_id": self.cluster_resource_id,
                "endpoint": self.endpoint,
                "reader_endpoint": self.reader_endpoint,
                "master_user_secret_arn": self.master_user_secret_arn,
                "security_group_id": self.security_group_id,
                "log_group_name": self.log_group_name,
                "identifier": self.identifier,
                "database_name": self.database_name,
                "port": self.port,
                "region": self.region,
            }
        )


def _secret_arn(secrets: Sequence[aws.rds.outputs.ClusterMasterUserSecret] | None) -> str:
    return (secrets[0].secret_arn or "") if secrets else ""


def _capacity(name: str, argument: str, value: object, low: float) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not low <= value <= 256
        or (value * 2) != int(value * 2)
    ):
        raise refuse(_KIND, name, argument, f"{value!r} is not between {low} and 256 ACUs in steps of 0.5.")
    return float(value)


def _validate(
    name: str, args: ResidentDatabaseArgs
) -> tuple[PinnedProvider, ResidentKey, ResidentNetwork, dict[str, Any], str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    check_known_arguments(_KIND, name, args, ResidentDatabaseArgs.__annotations__, UNSAFE_ARGUMENTS)
    key = require_key(_KIND, name, args["key"], pinned, "database", "RDS encrypts with a key of its own region.")
    check_logs_key(_KIND, name, key.allows_cloudwatch_logs, "the PostgreSQL log group")
    network = require_network(_KIND, name, args["network"], pinned, "database")

    identifier = args.get("identifier", name)
    if not isinstance(identifier, str) or not _IDENTIFIER.fullmatch(identifier):
        raise refuse(
            _KIND,
            name,
            "identifier",
            f"{identifier!r} is not a cluster identifier (a lower-case letter, then lower-case letters, digits "
            "and single hyphens, at most 60, not ending in a hyphen); pass identifier= when the component's "
            "name is not one.",
        )
    version = args.get("engine_version", "16.6")
    found = _VERSION.fullmatch(version) if isinstance(version, str) else None
    if found is None or int(found["major"]) < MIN_MAJOR_VERSION:
        raise refuse(
            _KIND,
            name,
            "engine_version",
            f"{version!r} is not an Aurora PostgreSQL version (major.minor) from {MIN_MAJOR_VERSION} on.",
        )
    for field, default in (("database_name", "app"), ("master_username", "dbadmin")):
        value = args.get(field, default)
        if not isinstance(value, str) or not _SQL_NAME.fullmatch(value) or value.lower().startswith("rds"):
            raise refuse(
                _KIND,
                name,
                field,
                f"{value!r} is not a PostgreSQL name (a letter, then letters, digits or '_', at most 63; 'rds' "
                "names are reserved).",
            )

    instance_class = args.get("instance_class", "db.serverless")
    if not isinstance(instance_class, str) or not (
        instance_class == "db.serverless" or _INSTANCE_CLASS.fullmatch(instance_class)
    ):
        raise refuse(
            _KIND,
            name,
            "instance_class",
            f"{instance_class!r} is not 'db.serverless' or a DB instance class such as 'db.r7g.large'.",
        )
    serverless = instance_class == "db.serverless"
    if not serverless and ("serverless_min_capacity" in args or "serverless_max_capacity" in args):
        raise refuse(
            _KIND,
            name,
            "serverless_min_capacity",
            f"capacities apply to instance_class 'db.serverless' only, not {instance_class!r}.",
        )
    low = _capacity(name, "serverless_min_capacity", args.get("serverless_min_capacity", 0.5), 0.5)
    high = _capacity(name, "serverless_max_capacity", args.get("serverless_max_capacity", 4.0), 1.0)
    if low > high:
        raise refuse(
            _KIND,
            name,
            "serverless_max_capacity",
            f"{high!r} is below serverless_min_capacity {low!r}.",
        )

    clients = list(args.get("client_security_group_ids", ()))
    for client in clients:
        if isinstance(client, str) and not re.fullmatch(r"sg-[0-9a-f]{8,17}", client):
            raise refuse(_KIND, name, "client_security_group_ids", f"{client!r} is not a security group id (sg-...).")
        if not isinstance(client, str | pulumi.Output):
            raise refuse(_KIND, name, "client_security_group_ids", f"{client!r} is not a security group id.")

    settings: dict[str, Any] = {
        "identifier": identifier,
        "engine_version": version,
        "major": found["major"],
        "database_name": args.get("database_name", "app"),
        "master_username": args.get("master_username", "dbadmin"),
        "instance_class": instance_class,
        "min_capacity": low,
        "max_capacity": high,
        "instances": check_int(_KIND, name, "instances", args.get("instances", 2), 1, 15),
        "backup_retention_days": check_int(
            _KIND, name, "backup_retention_days", args.get("backup_retention_days", 7), 1, 35
        ),
        "deletion_protection": check_bool(_KIND, name, "deletion_protection", args.get("deletion_protection", True)),
        "skip_final_snapshot": check_bool(_KIND, name, "skip_final_snapshot", args.get("skip_final_snapshot", False)),
        "clients": clients,
        "log_retention_days": check_retention(_KIND, name, args.get("log_retention_days", 7)),
    }
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, network, settings, data_class
