"""Build valid ``pulumi stack export`` documents of any size, for load and shape tests of ``residency audit``.

The documents look like what ``pulumi stack export`` writes for a Python program with one explicit AWS
provider per region: a root ``pulumi:pulumi:Stack``, the providers, and resources of a few at-rest, processing
and global types spread round-robin over the regions. Resources in the zone are compliant; resources in regions
outside it are not. Some resources carry an encrypted secret (``ciphertext``), and some are pending deletion
(``delete: true``, a second copy of a replaced resource), as real exports do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

#: The secret signature of the Pulumi wire format (``sig.Secret``).
SECRET_SIG: Final = "1b47061264138c4ac30d75fd1eb44270"
SIG_KEY: Final = "4dabf18193072939515e22adb298388d"
ACCOUNT: Final = "123456789012"
AWS_VERSION: Final = "7.12.0"

#: Regions the generator spreads resources over, and which of them belong to the default zone ``eu``.
REGIONS: Final = ("eu-west-3", "eu-central-1", "us-west-2", "ap-southeast-2")
IN_ZONE: Final = frozenset({"eu-west-3", "eu-central-1"})

Props = tuple[dict[str, Any], dict[str, Any]]


def _bucket(name: str, region: str) -> Props:
    inputs = {"bucket": name, "forceDestroy": False, "tags": {"owner": "platform"}}
    outputs = {
        **inputs,
        "arn": f"arn:aws:s3:::{name}",
        "region": region,
        "bucketRegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
    }
    return inputs, outputs


def _queue(name: str, region: str) -> Props:
    inputs = {"name": name, "messageRetentionSeconds": 345600, "sqsManagedSseEnabled": True}
    outputs = {**inputs, "arn": f"arn:aws:sqs:{region}:{ACCOUNT}:{name}", "region": region}
    return inputs, outputs


def _table(name: str, region: str) -> Props:
    inputs = {
        "name": name,
        "billingMode": "PAY_PER_REQUEST",
        "hashKey": "pk",
        "attributes": [{"name": "pk", "type": "S"}],
        "serverSideEncryption": {"enabled": True},
    }
    outputs = {**inputs, "arn": f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}", "region": region}
    return inputs, outputs


def _log_group(name: str, region: str) -> Props:
    inputs = {"name": f"/app/{name}", "retentionInDays": 30}
    outputs = {**inputs, "arn": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:/app/{name}", "region": region}
    return inputs, outputs


def _role(name: str, region: str) -> Props:
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    inputs = {"name": name, "assumeRolePolicy": json.dumps(policy)}
    outputs = {**inputs, "arn": f"arn:aws:iam::{ACCOUNT}:role/{name}"}
    return inputs, outputs


@dataclass(frozen=True)
class Kind:
    """A resource type the generator emits, and how the default pack sees it outside the zone."""

    type: str
    build: Callable[[str, str], Props]
    #: The mandatory policy that must flag this type outside the zone (``None``: global, nothing to flag).
    outside_policy: str | None


KINDS: Final[Sequence[Kind]] = (
    Kind("aws:s3/bucket:Bucket", _bucket, "residency-data-at-rest"),
    Kind("aws:sqs/queue:Queue", _queue, "residency-data-at-rest"),
    Kind("aws:dynamodb/table:Table", _table, "residency-data-at-rest"),
    Kind("aws:cloudwatch/logGroup:LogGroup", _log_group, "residency-data-at-rest"),
    Kind("aws:iam/role:Role", _role, None),
)


@dataclass
class GeneratedExport:
    """An export document and what a correct audit of it must report."""

    document: dict[str, Any]
    #: Resources that are not pending deletion: the ``resources`` count of the JSON report.
    live_resources: int
    #: URN -> the mandatory policy that must flag it (regional resources outside the zone).
    expected_violations: dict[str, str] = field(default_factory=dict)
    #: URNs of resources in the zone, which must have no finding at all.
    compliant: set[str] = field(default_factory=set)
    #: Every ciphertext in the document; none may appear in any report.
    ciphertexts: list[str] = field(default_factory=list)

    def write(self, path: Path) -> Path:
        """Write the document as ``pulumi stack export`` does (indented JSON) and return ``path``."""
        path.write_text(json.dumps(self.document, indent=4), encoding="utf-8")
        return path


def _secret(seed: str) -> tuple[dict[str, str], str]:
    # Passphrase-provider shape: v1:<base64 nonce>:<base64 ciphertext>; unique per seed so leaks are traceable.
    digest = hashlib.sha256(seed.encode()).hexdigest()
    ciphertext = f"v1:{digest[:16]}:{digest[16:]}GeneratedCiphertext"
    return {SIG_KEY: SECRET_SIG, "ciphertext": ciphertext}, ciphertext


def build_export(
    count: int,
    *,
    project: str = "generated",
    stack: str = "load",
    secret_every: int = 7,
    pending_delete_every: int = 50,
) -> GeneratedExport:
    """An export with exactly ``count`` entries in ``deployment.resources`` (stack and providers included)."""
    if count < 1 + len(REGIONS):
        raise ValueError(f"count must be at least {1 + len(REGIONS)} (the stack and one provider per region)")
    prefix = f"urn:pulumi:{stack}::{project}::"
    stack_urn = f"{prefix}pulumi:pulumi:Stack::{project}-{stack}"
    resources: list[dict[str, Any]] = [
        {"urn": stack_urn, "custom": False, "type": "pulumi:pulumi:Stack", "outputs": {}},
    ]
    result = GeneratedExport(document={}, live_resources=0)
    providers: dict[str, str] = {}
    for region in REGIONS:
        urn = f"{prefix}pulumi:providers:aws::aws-{region}"
        provider_id = hashlib.md5(urn.encode()).hexdigest()[:8] + "-0000-4000-8000-000000000000"
        props = {"region": region, "version": AWS_VERSION, "skipCredentialsValidation": "false"}
        resources.append(
            {
                "urn": urn,
                "custom": True,
                "id": provider_id,
                "type": "pulumi:providers:aws",
                "inputs": {**props, "__internal": {}},
                "outputs": props,
                "parent": stack_urn,
            }
        )
        providers[region] = f"{urn}::{provider_id}"
        result.compliant.add(urn)
    result.compliant.add(stack_urn)

    index = 0
    while len(resources) < count:
        kind = KINDS[index % len(KINDS)]
        region = REGIONS[(index // len(KINDS)) % len(REGIONS)]
        name = f"r{index:05d}-{region}"
        urn = f"{prefix}{kind.type}::{name}"
        inputs, outputs = kind.build(name, region)
        if secret_every and index % secret_every == 0:
            secret, ciphertext = _secret(f"{stack}/{name}")
            inputs = {**inputs, "tags": {"owner": "platform", "token": secret}}
            outputs = {**outputs, "tags": inputs["tags"], "tagsAll": inputs["tags"]}
            result.ciphertexts.append(ciphertext)
        entry: dict[str, Any] = {
            "urn": urn,
            "custom": True,
            "id": name,
            "type": kind.type,
            "inputs": inputs,
            "outputs": outputs,
            "parent": stack_urn,
            "provider": providers[region],
            "propertyDependencies": {key: [] for key in inputs},
            "created": "2025-01-01T00:00:00.000000Z",
            "modified": "2025-01-01T00:00:00.000000Z",
        }
        resources.append(entry)
        if kind.outside_policy and region not in IN_ZONE:
            result.expected_violations[urn] = kind.outside_policy
        else:
            result.compliant.add(urn)
        if pending_delete_every and index % pending_delete_every == 0 and len(resources) < count:
            # A replaced resource: the old copy waits for deletion under the same URN, in the region of the
            # new one. It is not part of the stack any more, so it is not counted and not checked.
            resources.append({**entry, "id": f"{name}-old", "delete": True})
        index += 1

    result.live_resources = sum(1 for r in resources if not r.get("delete"))
    result.document = {
        "version": 3,
        "deployment": {
            "manifest": {"time": "2025-01-01T00:00:00.000000Z", "magic": "0" * 64, "version": "v3.200.0"},
            "secrets_providers": {"type": "passphrase", "state": {"salt": "v1:c2FsdHNhbHQ=:v1:bm9uY2U=:ZmFrZQ=="}},
            "resources": resources,
        },
    }
    return result
