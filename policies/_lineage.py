"""The data class follows the data: sub-resources, replicas and copies take the class of what they hold.

A bucket policy, a log stream or a secret version cannot carry tags, yet each holds (or governs) the data of the
resource it configures; a replica or a snapshot copy holds exactly its source's data. So the class a resource
is judged by is the most restrictive of the class it declares and the classes of everything it derives from:
its *lineage*. A source that cannot be found (named by a value outside this stack) counts as customer content.

:data:`LINKS` lists, per type, the properties that name the resource whose data it holds. Looking a target up
goes through a :class:`Resolver`: during ``Analyze`` the session's memory (values known), during
``AnalyzeStack`` the stack index and ``propertyDependencies`` (values unknown at preview). A link whose value is
unknown during ``Analyze`` is *deferred*: the stack rule decides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Protocol

from residency import catalog, model

from ._places import Ctx, declared_class
from ._values import UNKNOWN, Subject, select


@dataclass(frozen=True, slots=True)
class Link:
    """A property whose value names the resource (of pulumi-aws module ``module``) whose data this one holds."""

    path: str
    module: str
    copies: bool = False  # a copy or replica of the target, rather than a part that configures it


def _links(*links: Link) -> tuple[Link, ...]:
    return links


_S3_PARENT: Final = _links(Link("bucket", "s3"))

#: Per type, the properties naming the resource whose data it holds. S3 bucket configuration types (every
#: ``aws:s3/*`` type with a top-level ``bucket`` input other than the bucket itself) are added below.
LINKS: Final[Mapping[str, tuple[Link, ...]]] = {
    # Parts that configure a data store and hold or govern its data.
    "aws:ecr/repositoryPolicy:RepositoryPolicy": _links(Link("repository", "ecr")),
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": _links(Link("repository", "ecr")),
    "aws:cloudwatch/logStream:LogStream": _links(Link("logGroupName", "cloudwatch")),
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": _links(Link("logGroupName", "cloudwatch")),
    "aws:cloudwatch/logDataProtectionPolicy:LogDataProtectionPolicy": _links(Link("logGroupName", "cloudwatch")),
    "aws:secretsmanager/secretVersion:SecretVersion": _links(Link("secretId", "secretsmanager")),
    "aws:secretsmanager/secretPolicy:SecretPolicy": _links(Link("secretArn", "secretsmanager")),
    "aws:secretsmanager/secretRotation:SecretRotation": _links(Link("secretId", "secretsmanager")),
    "aws:dynamodb/tableItem:TableItem": _links(Link("tableName", "dynamodb")),
    "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination": _links(Link("tableName", "dynamodb")),
    "aws:dynamodb/resourcePolicy:ResourcePolicy": _links(Link("resourceArn", "dynamodb")),
    "aws:sqs/queuePolicy:QueuePolicy": _links(Link("queueUrl", "sqs")),
    "aws:sqs/redrivePolicy:RedrivePolicy": _links(Link("queueUrl", "sqs")),
    "aws:sns/topicPolicy:TopicPolicy": _links(Link("arn", "sns")),
    "aws:sns/topicSubscription:TopicSubscription": _links(Link("topic", "sns")),
    "aws:kinesis/resourcePolicy:ResourcePolicy": _links(Link("resourceArn", "kinesis")),
    "aws:efs/fileSystemPolicy:FileSystemPolicy": _links(Link("fileSystemId", "efs")),
    "aws:efs/mountTarget:MountTarget": _links(Link("fileSystemId", "efs")),
    "aws:efs/accessPoint:AccessPoint": _links(Link("fileSystemId", "efs")),
    "aws:efs/backupPolicy:BackupPolicy": _links(Link("fileSystemId", "efs")),
    "aws:efs/replicationConfiguration:ReplicationConfiguration": _links(Link("sourceFileSystemId", "efs")),
    "aws:rds/clusterInstance:ClusterInstance": _links(Link("clusterIdentifier", "rds")),
    "aws:backup/vaultPolicy:VaultPolicy": _links(Link("backupVaultName", "backup")),
    "aws:backup/vaultNotifications:VaultNotifications": _links(Link("backupVaultName", "backup")),
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": _links(Link("backupVaultName", "backup")),
    "aws:opensearch/domainPolicy:DomainPolicy": _links(Link("domainName", "opensearch")),
    "aws:glacier/vaultLock:VaultLock": _links(Link("vaultName", "glacier")),
    "aws:kms/alias:Alias": _links(Link("targetKeyId", "kms")),
    "aws:kms/grant:Grant": _links(Link("keyId", "kms")),
    # Copies and replicas: they hold their source's data.
    "aws:dynamodb/tableReplica:TableReplica": _links(Link("globalTableArn", "dynamodb", copies=True)),
    "aws:kms/replicaKey:ReplicaKey": _links(Link("primaryKeyArn", "kms", copies=True)),
    "aws:kms/replicaExternalKey:ReplicaExternalKey": _links(Link("primaryKeyArn", "kms", copies=True)),
    "aws:ebs/snapshot:Snapshot": _links(Link("volumeId", "ebs", copies=True)),
    "aws:ebs/snapshotCopy:SnapshotCopy": _links(Link("sourceSnapshotId", "ebs", copies=True)),
    "aws:ec2/amiCopy:AmiCopy": _links(Link("sourceAmiId", "ec2", copies=True)),
    "aws:ec2/amiFromInstance:AmiFromInstance": _links(Link("sourceInstanceId", "ec2", copies=True)),
    "aws:rds/instance:Instance": _links(
        Link("replicateSourceDb", "rds", copies=True), Link("snapshotIdentifier", "rds", copies=True)
    ),
    "aws:rds/cluster:Cluster": _links(
        Link("replicationSourceIdentifier", "rds", copies=True),
        Link("snapshotIdentifier", "rds", copies=True),
        Link("globalClusterIdentifier", "rds", copies=True),
    ),
    "aws:rds/snapshot:Snapshot": _links(Link("dbInstanceIdentifier", "rds", copies=True)),
    "aws:rds/clusterSnapshot:ClusterSnapshot": _links(Link("dbClusterIdentifier", "rds", copies=True)),
    "aws:rds/snapshotCopy:SnapshotCopy": _links(Link("sourceDbSnapshotIdentifier", "rds", copies=True)),
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy": _links(
        Link("sourceDbClusterSnapshotIdentifier", "rds", copies=True)
    ),
    "aws:docdb/cluster:Cluster": _links(Link("globalClusterIdentifier", "docdb", copies=True)),
    "aws:neptune/cluster:Cluster": _links(
        Link("replicationSourceIdentifier", "neptune", copies=True),
        Link("globalClusterIdentifier", "neptune", copies=True),
    ),
    "aws:elasticache/replicationGroup:ReplicationGroup": _links(
        Link("globalReplicationGroupId", "elasticache", copies=True)
    ),
    "aws:redshift/snapshotCopy:SnapshotCopy": _links(Link("clusterIdentifier", "redshift", copies=True)),
}

#: S3 types that are the bucket itself (everything else in the module with a ``bucket`` input configures one).
_S3_BUCKETS: Final = frozenset({catalog.S3_BUCKET, catalog.S3_BUCKET_V2})


def links_of(type_token: str) -> tuple[Link, ...]:
    """The lineage links of a type."""
    found = LINKS.get(type_token)
    if found is not None:
        return found
    if catalog.module_of(type_token) == "s3" and type_token not in _S3_BUCKETS:
        return _S3_PARENT
    return ()


class Resolver(Protocol):
    """Finds the resources a property value names: from memory (Analyze) or from the stack (AnalyzeStack)."""

    def targets(self, subject: Subject, path: str, value: object, module: str) -> list[Subject] | None:
        """The resources ``value`` names; ``[]`` when it names none this resolver knows; ``None`` to defer."""


@dataclass(frozen=True, slots=True)
class Lineage:
    """The class a resource is judged by, and whether deciding it needed a value unknown at preview."""

    data_class: str
    deferred: bool = False
    declared: bool = False  # the class came from the resource's own tags (not only from its lineage)
    from_source: str | None = None  # the name of the source whose class decided, for messages


def combine(classes: Iterable[str], ctx: Ctx) -> str:
    """The most restrictive class: a class that is not exempt wins over exempt ones."""
    chosen: str | None = None
    for data_class in classes:
        if not ctx.exempt(data_class):
            return data_class
        chosen = chosen or data_class
    return chosen or model.CUSTOMER_CONTENT


def effective_class(subject: Subject, ctx: Ctx, resolver: Resolver, seen: frozenset[str] = frozenset()) -> Lineage:
    """The class ``subject`` is judged by: its own declaration combined with everything in its lineage.

    A type that declares nothing (no data-class tag) takes its lineage's class; with no lineage either, it holds
    customer content.
    """
    tag = ctx.settings.data_class_tag
    own = declared_class(subject, tag)
    own_found = own.data_class != model.CUSTOMER_CONTENT or _has_tag(subject, tag)
    classes: list[str] = [own.data_class] if own_found or not own.known else []
    deferred = False
    decided_by: str | None = None
    seen = seen | {subject.urn}
    for link in links_of(subject.type):
        for path, value in select(subject.props, link.path):
            targets = resolver.targets(subject, path, value, link.module)
            if targets is None:
                deferred = True
                continue
            if not targets:
                classes.append(model.CUSTOMER_CONTENT)  # named by a value outside this stack
                decided_by = decided_by or "a source this deployment does not show"
                continue
            for target in targets:
                if target.urn in seen:
                    continue
                found = effective_class(target, ctx, resolver, seen)
                deferred = deferred or found.deferred
                classes.append(found.data_class)
                if not ctx.exempt(found.data_class):
                    decided_by = decided_by or repr(target.name)
    if not classes and not deferred:
        classes.append(model.CUSTOMER_CONTENT)
    return Lineage(combine(classes, ctx), deferred, own_found, decided_by)


def _has_tag(subject: Subject, tag: str) -> bool:
    for key in ("tags", "tagsAll"):
        tags = subject.props.get(key)
        if tags is UNKNOWN or (isinstance(tags, Mapping) and tag in tags):
            return True
    return False


class MemoryResolver:
    """Resolves known values through the session's memory; an unknown value is deferred to the stack rule."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def targets(self, subject: Subject, path: str, value: object, module: str) -> list[Subject] | None:
        """See :class:`Resolver`."""
        if value is UNKNOWN:
            return None
        found = self.ctx.memory.find(module, value)
        return [found] if found is not None else []
