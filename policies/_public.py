"""Public grants: resource policies, ACLs and sharing settings that open data to everyone.

A resource policy statement is *public* when it allows everyone (``Principal: "*"``, ``{"AWS": "*"}``, or an
``Allow`` with ``NotPrincipal``) and no condition limits it to fixed accounts, an organisation, networks or
source resources. The conditions that limit a grant are the ones S3 Block Public Access accepts as non-public
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status):
``aws:SourceIp`` with fixed CIDRs (none of them the whole internet), fixed values of ``aws:SourceArn``,
``aws:SourceVpc``, ``aws:SourceVpce``, ``aws:SourceOwner``, ``aws:SourceAccount``, ``aws:userid``, the
KMS key id of SSE-KMS, and the organisation and principal keys IAM added since (``aws:PrincipalOrgID``,
``aws:PrincipalAccount``, ...). A negated operator, an ``IfExists`` or a wildcard value limits nothing.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._values import UNKNOWN, as_list, as_mapping

#: Condition keys (lower case) whose fixed values limit a grant to known parties or networks.
LIMITING_KEYS: Final = frozenset({
    "aws:sourceip", "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
    "aws:userid", "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:sourceorgid", "aws:sourceorgpaths", "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "kms:calleraccount", "aws:vpcsourceip",
})


#: Why a document cannot be judged when it (or its statements) is unknown at preview.
UNKNOWN_AT_PREVIEW: Final = "is unknown at preview"


@dataclass(frozen=True, slots=True)
class PublicGrant:
    """A statement that opens a resource to everyone (``statement`` is its index), or why it cannot be told."""

    statement: int
    undetermined: str = ""


def world_cidr(text: Any) -> bool:
    """Whether a CIDR covers the internet at large: IPv4 /8 or wider, IPv6 /16 or wider, not private space."""
    if not isinstance(text, str):
        return False
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return False
    widest = 8 if network.version == 4 else 16
    return network.prefixlen <= widest and not network.is_private


def _everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    mapping = as_mapping(principal)
    values = mapping.get("AWS")
    listed = values if isinstance(values, list) else [values]
    return "*" in listed


def _limits(condition: Any) -> bool:
    """Whether a statement's condition limits it to fixed parties or networks."""
    for operator, block in as_mapping(condition).items():
        op = str(operator)
        if "Not" in op or op.endswith("IfExists") or op == "Null":
            continue
        for key, values in as_mapping(block).items():
            name = str(key).lower()
            if name not in LIMITING_KEYS:
                continue
            listed = values if isinstance(values, list) else [values]
            if not listed or not all(isinstance(v, str) and v and "*" not in v and "?" not in v for v in listed):
                continue
            if name in ("aws:sourceip", "aws:vpcsourceip") and any(world_cidr(v) for v in listed):
                continue
            return True
    return False


def parse_document(value: Any) -> Any:
    """A policy document: a mapping, a JSON string holding one, :data:`UNKNOWN`, or ``None`` (unreadable)."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, str):
        if not value.strip():
            return {}
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, Mapping) else None


def public_grants(value: Any) -> Iterator[PublicGrant]:
    """Statements of a policy that allow everyone without a limiting condition."""
    document = parse_document(value)
    if document is UNKNOWN:
        yield PublicGrant(-1, UNKNOWN_AT_PREVIEW)
        return
    if document is None:
        yield PublicGrant(-1, "is not a readable JSON policy document")
        return
    statements = document.get("Statement")
    if statements is UNKNOWN:
        yield PublicGrant(-1, UNKNOWN_AT_PREVIEW)
        return
    for position, statement in enumerate(statements if isinstance(statements, list) else [statements]):
        statement = as_mapping(statement)
        if statement.get("Effect") != "Allow":
            continue
        opened = _everyone(statement.get("Principal")) or "NotPrincipal" in statement
        if opened and not _limits(statement.get("Condition")):
            yield PublicGrant(position)


# ------------------------------------------------------------------------------------------------------------
# S3 ACLs
# ------------------------------------------------------------------------------------------------------------

#: Canned ACLs that grant everyone (or every AWS account) access.
PUBLIC_CANNED_ACLS: Final = frozenset({"public-read", "public-read-write", "authenticated-read"})
#: Grantee groups that are everyone and every AWS account.
PUBLIC_GROUPS: Final = frozenset({
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
})


def public_acl_paths(props: Mapping[str, Any]) -> Iterator[tuple[str, bool]]:
    """``(path, unknown)`` of each ACL setting that grants everyone access (``acl``, grants, grantee URIs)."""
    acl = props.get("acl")
    if acl is UNKNOWN:
        yield "acl", True
    elif isinstance(acl, str) and acl.strip().lower() in PUBLIC_CANNED_ACLS:
        yield "acl", False
    for pattern in ("grants", "accessControlPolicy.grants"):
        head, _, tail = pattern.rpartition(".")
        parent = as_mapping(props.get(head)) if head else props
        grants = parent.get(tail)
        if grants is UNKNOWN:
            yield pattern, True
            continue
        for position, grant in enumerate(as_list(grants)):
            grant = as_mapping(grant)
            grantee = as_mapping(grant.get("grantee")) or grant
            uri = grantee.get("uri")
            if uri is UNKNOWN:
                yield f"{pattern}[{position}]", True
            elif uri in PUBLIC_GROUPS:
                yield f"{pattern}[{position}]", False
