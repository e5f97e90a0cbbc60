"""What one pack session has seen: every resource analysed so far, findable by the names other resources use.

The engine starts one pack process per preview or update and analyses a resource before anything that consumes
its outputs, so a replication rule, a bucket policy or a replica finds the resource it points at here, by the
identifier it uses: a bucket name (S3 ARNs carry no region), a repository, log group or secret name, or an
ARN once values are known (``pulumi up``). The memory belongs to a :class:`~._runtime.PackRuntime`, whose
lifetime is the pack session; nothing here is module-level.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from residency import aws
from residency.catalog import module_of

from ._values import Subject

#: The properties holding a resource's own name, where it is not ``name``: the names other resources use to
#: point at it. Only identity properties belong here: a bucket policy's ``bucket`` names another resource.
_OWN_NAME_KEYS: dict[str, tuple[str, ...]] = {
    "aws:s3/bucket:Bucket": ("bucket",),
    "aws:s3/bucketV2:BucketV2": ("bucket",),
    "aws:efs/fileSystem:FileSystem": ("creationToken",),
    "aws:rds/instance:Instance": ("identifier",),
    "aws:rds/cluster:Cluster": ("clusterIdentifier",),
    "aws:rds/clusterInstance:ClusterInstance": ("identifier",),
    "aws:rds/globalCluster:GlobalCluster": ("globalClusterIdentifier",),
    "aws:docdb/cluster:Cluster": ("clusterIdentifier",),
    "aws:docdb/globalCluster:GlobalCluster": ("globalClusterIdentifier",),
    "aws:neptune/cluster:Cluster": ("clusterIdentifier",),
    "aws:neptune/globalCluster:GlobalCluster": ("globalClusterIdentifier",),
    "aws:elasticache/replicationGroup:ReplicationGroup": ("replicationGroupId",),
    "aws:elasticache/cluster:Cluster": ("clusterId",),
    "aws:opensearch/domain:Domain": ("domainName",),
    "aws:redshift/cluster:Cluster": ("clusterIdentifier",),
}


def identifiers(subject: Subject) -> Iterable[tuple[str, str]]:
    """``(module, identifier)`` pairs under which a resource can be found: its names and its ARN or id."""
    module = module_of(subject.type)
    if not module:
        return
    props = subject.props
    for key in (*_OWN_NAME_KEYS.get(subject.type, ("name",)), "arn", "id"):
        value = props.get(key)
        if isinstance(value, str) and value:
            yield module, value
    own_arn = props.get("arn")
    if isinstance(own_arn, str) and ":s3:" in own_arn:
        arn = aws.parse_arn(own_arn)
        if arn is not None and arn.s3_bucket:
            yield "s3", arn.s3_bucket


def _names_in_arn(text: str) -> list[str]:
    """Names an ARN's resource part may carry: its last component; a secret's name without AWS's suffix."""
    arn = aws.parse_arn(text)
    if arn is None:
        return []
    resource = arn.resource.removesuffix(":*").rstrip("/")
    # The name follows the resource type (table/<name>, log-group:<name>, secret:<name>) and may hold slashes;
    # some ARNs are the bare name (SQS, SNS).
    parts = resource.replace(":", "/", 1).split("/", 1)
    names = [parts[1]] if len(parts) == 2 and parts[1] else []
    names += [resource, resource.replace(":", "/").rsplit("/", 1)[-1]]
    if arn.service == "secretsmanager":
        # arn:...:secret:<name>-AbCdEf: Secrets Manager appends six random characters to the name.
        names += [n[:-7] for n in names if len(n) > 7 and n[-7] == "-"]
    return list(dict.fromkeys(n for n in names if n))


class Memory:
    """Resources analysed in this session, by ``(module, identifier)``; the latest registration wins."""

    def __init__(self) -> None:
        self._by_identifier: dict[tuple[str, str], Subject] = {}
        self._by_urn: dict[str, Subject] = {}
        # Resources named by the provider from a prefix (`bucketPrefix`, `namePrefix`): their name is unknown
        # until they exist, so a later reference by the full name is matched on the prefix.
        self._by_prefix: dict[str, list[tuple[str, Subject]]] = {}
        # What the data-flow scan found in a resource's inputs at Analyze (a `_flow.Scan`, which names the
        # resource as scanned): the stack pass reuses it when it sees the same inputs, since a scan is the
        # costliest step of a resource.
        self._scans: dict[str, Any] = {}

    def remember(self, subject: Subject) -> None:
        """Record a resource under every identifier it has."""
        self._by_urn[subject.urn] = subject
        for key in identifiers(subject):
            self._by_identifier[key] = subject
        prefix = subject.props.get("bucketPrefix") or subject.props.get("namePrefix")
        module = module_of(subject.type)
        if isinstance(prefix, str) and prefix and module:
            self._by_prefix.setdefault(module, []).append((prefix, subject))

    def find(self, module: str, identifier: Any) -> Subject | None:
        """The resource of ``module`` known as ``identifier`` (a name, an id or an ARN), if seen."""
        if not isinstance(identifier, str) or not identifier:
            return None
        found = self._by_identifier.get((module, identifier))
        if found is None:
            arn = aws.parse_arn(identifier)
            if arn is not None and arn.s3_bucket and module == "s3":
                identifier = arn.s3_bucket
                found = self._by_identifier.get(("s3", identifier))
        if found is None and identifier.startswith("arn:"):
            # Analyze sees a resource's inputs, never its ARN; a later reference by ARN is found by the name in it.
            for name in _names_in_arn(identifier):
                found = self._by_identifier.get((module, name))
                if found is not None:
                    identifier = name
                    break
        if found is None:
            # The longest prefix wins; names are unique, prefixes need not be.
            candidates = [(p, s) for p, s in self._by_prefix.get(module, ()) if identifier.startswith(p)]
            if candidates:
                found = max(candidates, key=lambda pair: len(pair[0]))[1]
        return found

    def by_urn(self, urn: str) -> Subject | None:
        """The resource with this URN, if seen."""
        return self._by_urn.get(urn)

    def note_scan(self, urn: str, scan: Any) -> None:
        """Keep what the data-flow scan found in the resource ``urn`` (see :meth:`scan_of`)."""
        self._scans[urn] = scan

    def scan_of(self, urn: str) -> Any:
        """The latest data-flow scan of the resource ``urn`` in this session, if any."""
        return self._scans.get(urn)

    def clear(self) -> None:
        """Forget everything (a new session)."""
        self._by_identifier.clear()
        self._by_urn.clear()
        self._by_prefix.clear()
        self._scans.clear()

    def __len__(self) -> int:
        return len(self._by_urn)
