"""Answers to lookups (invokes) without a cloud: exact where no cloud is needed, from config, or a placeholder.

- ``aws:iam/getPolicyDocument:getPolicyDocument`` needs no cloud: the provider builds the JSON from its
  arguments. :func:`policy_document` builds it the same way (terraform-provider-aws
  ``policy_document_data_source.go`` and ``policy_model.go``): ``Version`` defaults to ``2012-10-17``,
  ``Effect`` to ``Allow``; actions, resources and principal identifiers are sets (deduplicated), written as a
  string when there is one and otherwise sorted in reverse; condition values keep their order; principals
  and conditions are grouped by type and test; ``&{`` becomes ``${``; source documents are merged first and
  override documents last, a statement with the same ``Sid`` replacing the earlier one; the text is Go's
  ``json.MarshalIndent`` with two spaces (``<``, ``>`` and ``&`` escaped) and the id its CRC-32.
- ``getRegion``, ``getPartition``, ``getAvailabilityZones`` and ``getCallerIdentity`` answer from the region
  of the provider the lookup goes through and from the stack's config.
- Every other lookup gets a placeholder shaped like its result type (see :mod:`residency.engine.sdk_schema`)
  whose strings carry :data:`residency.aws.OFFLINE_LOOKUP_TOKEN`, so programs run and the pack can tell that
  a value was answered offline.

Runs inside the program's own interpreter: imports the standard library, ``pulumi`` and ``residency.aws``.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Final

from residency import aws
from residency.engine import sdk_schema

#: The lookups computed locally and exactly (the aws-iam package's variant included).
POLICY_DOCUMENT_TOKENS: Final = frozenset(
    {
        "aws:iam/getPolicyDocument:getPolicyDocument",
        "aws-iam:index:getIamPolicyDocument",
    }
)
_REGION_TOKEN: Final = "aws:index/getRegion:getRegion"
_PARTITION_TOKEN: Final = "aws:index/getPartition:getPartition"
_IDENTITY_TOKEN: Final = "aws:index/getCallerIdentity:getCallerIdentity"
_ZONES_TOKEN: Final = "aws:index/getAvailabilityZones:getAvailabilityZones"
#: The lookups answered from config and the provider's region.
CONFIG_TOKENS: Final = frozenset({_REGION_TOKEN, _PARTITION_TOKEN, _IDENTITY_TOKEN, _ZONES_TOKEN})


class PolicyDocumentError(ValueError):
    """Arguments the provider would refuse (a duplicate Sid, an unreadable source document)."""


# ------------------------------------------------------------------------------------------------------------
# getPolicyDocument
# ------------------------------------------------------------------------------------------------------------


def _strings(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def _set_value(values: Any) -> str | list[str] | None:
    # A Terraform set: duplicates collapse; one element is a string, more are sorted in reverse.
    items = sorted(set(_strings(values)), reverse=True)
    if not items:
        return None
    return items[0] if len(items) == 1 else items


def _replace_vars(value: str | list[str] | None, version: str) -> str | list[str] | None:
    def one(text: str) -> str:
        if version == "2008-10-17" and "&{" in text:
            raise PolicyDocumentError(
                f"found &{{ sequence in ({text}), which is not supported in document version 2008-10-17"
            )
        return text.replace("&{", "${")

    if value is None:
        return None
    return one(value) if isinstance(value, str) else [one(v) for v in value]


def _principals(blocks: Sequence[Mapping[str, Any]], version: str) -> Any:
    entries = [(str(b.get("type", "")), _replace_vars(_set_value(b.get("identifiers")), version)) for b in blocks]
    if len(entries) == 1:
        kind, identifiers = entries[0]
        if kind == "*" and identifiers in ("*", ["*"]):
            return "*"
    grouped: dict[str, Any] = {}
    for kind, identifiers in entries:
        current = grouped.get(kind)
        if isinstance(identifiers, list):
            merged = [] if current is None else ([current] if isinstance(current, str) else list(current))
            grouped[kind] = merged + sorted(identifiers, reverse=True)
        elif identifiers is not None:
            if current is None:
                grouped[kind] = identifiers
            elif isinstance(current, str):
                grouped[kind] = [current, identifiers]
            else:
                grouped[kind] = [*current, identifiers]
    return dict(sorted(grouped.items()))


def _conditions(blocks: Sequence[Mapping[str, Any]], version: str) -> dict[str, dict[str, Any]]:
    grouped: dict[str, dict[str, list[str]]] = {}
    for block in blocks:
        values = _replace_vars(_strings(block.get("values")), version)
        listed = [values] if isinstance(values, str) else list(values or [])
        grouped.setdefault(str(block.get("test", "")), {}).setdefault(str(block.get("variable", "")), []).extend(
            listed
        )
    return {
        test: {variable: items[0] if len(items) == 1 else items for variable, items in sorted(by_var.items())}
        for test, by_var in sorted(grouped.items())
    }


def _statement(block: Mapping[str, Any], version: str) -> dict[str, Any]:
    statement: dict[str, Any] = {}
    sid = block.get("sid")
    if sid:
        statement["Sid"] = str(sid)
    statement["Effect"] = str(block.get("effect") or "Allow")
    for key, name in (("actions", "Action"), ("notActions", "NotAction")):
        value = _set_value(block.get(key))
        if value is not None:
            statement[name] = value
    for key, name in (("resources", "Resource"), ("notResources", "NotResource")):
        value = _replace_vars(_set_value(block.get(key)), version)
        if value is not None:
            statement[name] = value
    for key, name in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
        blocks = block.get(key) or []
        if blocks:
            statement[name] = _principals(blocks, version)
    conditions = block.get("conditions") or []
    if conditions:
        statement["Condition"] = _conditions(conditions, version)
    return statement


def _normalised(statement: Mapping[str, Any]) -> dict[str, Any]:
    """A statement read from a JSON document, written back the way the provider re-marshals it."""
    result: dict[str, Any] = {}
    for name in ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource"):
        value = statement.get(name)
        if value:
            result[name] = value
    for name in ("Principal", "NotPrincipal"):
        value = statement.get(name)
        if isinstance(value, str) and value:
            result[name] = "*"
        elif isinstance(value, Mapping) and value:
            result[name] = {
                k: (v if isinstance(v, str) else sorted((str(x) for x in v), reverse=True))
                for k, v in sorted(value.items())
            }
    condition = statement.get("Condition")
    if isinstance(condition, Mapping) and condition:
        result["Condition"] = {
            test: {
                var: (("true" if values else "false") if isinstance(values, bool) else values)
                for var, values in sorted(dict(by_var).items())
            }
            for test, by_var in sorted(condition.items())
        }
    return result


def _merge(into: dict[str, Any], document: Mapping[str, Any]) -> None:
    if document.get("Id"):
        into["Id"] = document["Id"]
    if str(document.get("Version") or "") > str(into.get("Version") or ""):
        into["Version"] = document["Version"]
    statements: list[dict[str, Any]] = into.setdefault("Statement", [])
    for statement in document.get("Statement") or []:
        sid = statement.get("Sid")
        position = next((i for i, s in enumerate(statements) if sid and s.get("Sid") == sid), None)
        if position is None:
            statements.append(dict(statement))
        else:
            statements[position] = dict(statement)


def _parse_document(text: Any, label: str) -> dict[str, Any]:
    try:
        document = json.loads(str(text))
    except ValueError as exc:
        raise PolicyDocumentError(f"merging {label}: {exc}") from None
    if not isinstance(document, Mapping):
        raise PolicyDocumentError(f"merging {label}: not a JSON object")
    statements = document.get("Statement") or []
    if isinstance(statements, Mapping):
        statements = [statements]
    return {
        "Version": str(document.get("Version") or ""),
        "Id": str(document.get("Id") or ""),
        "Statement": [_normalised(s) for s in statements if isinstance(s, Mapping)],
    }


def _go_json(value: Any, *, indent: bool) -> str:
    # Go's encoding/json escapes <, > and & (and U+2028/U+2029) by default.
    text = json.dumps(value, indent=2 if indent else None, separators=(",", ": ") if indent else (",", ":"),
                      ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def policy_document(args: Mapping[str, Any]) -> dict[str, Any]:
    """The result of ``aws.iam.get_policy_document`` for its (wire-named) arguments, exactly as the provider makes it.

    :raises PolicyDocumentError: the arguments the provider refuses (a duplicate ``Sid``, a bad source document).
    """
    version = str(args.get("version") or "2012-10-17")
    merged: dict[str, Any] = {"Version": ""}
    for index, source in enumerate(args.get("sourcePolicyDocuments") or []):
        if source is not None:
            _merge(merged, _parse_document(source, f"source document {index}"))
    document: dict[str, Any] = {"Version": version}
    if args.get("policyId"):
        document["Id"] = str(args["policyId"])
    statements = []
    seen: set[str] = set()
    for block in args.get("statements") or []:
        sid = str(block.get("sid") or "")
        if sid and sid in seen:
            raise PolicyDocumentError(
                f"writing IAM Policy Document: duplicate Sid ({sid}). Remove the Sid or ensure the Sid is unique."
            )
        seen.add(sid)
        statements.append(_statement(block, version))
    if statements:
        document["Statement"] = statements
    _merge(merged, document)
    for index, override in enumerate(args.get("overridePolicyDocuments") or []):
        if override is not None:
            _merge(merged, _parse_document(override, f"override document {index}"))
    ordered: dict[str, Any] = {}
    for key in ("Version", "Id", "Statement"):
        if merged.get(key):
            ordered[key] = merged[key]
    pretty = _go_json(ordered, indent=True)
    result = {key: value for key, value in args.items() if value is not None}
    result.update(
        {
            "id": str(zlib.crc32(pretty.encode("utf-8"))),
            "json": pretty,
            "minifiedJson": _go_json(ordered, indent=False),
            "version": version,
        }
    )
    return result


# ------------------------------------------------------------------------------------------------------------
# Lookups answered from config, and placeholders
# ------------------------------------------------------------------------------------------------------------


def from_config(token: str, args: Mapping[str, Any], region: str | None, account: str) -> dict[str, Any] | None:
    """``getRegion``, ``getPartition``, ``getCallerIdentity`` or ``getAvailabilityZones`` for ``region``.

    ``None`` when the lookup needs a region that is not known (the caller then answers with a placeholder).
    """
    asked = args.get("region") or args.get("name")
    if isinstance(asked, str) and asked:
        region = asked
    partition = (aws.partition_of(region) if region else None) or "aws"
    suffix = aws.dns_suffix(partition)
    if token == _IDENTITY_TOKEN:
        return {
            "id": account,
            "accountId": account,
            "arn": aws.make_arn(partition, "iam", "", account, "user/residency-offline-check"),
            "userId": "AIDAOFFLINECHECK",
        }
    if token == _PARTITION_TOKEN:
        if region is None:
            return None
        return {
            "id": partition,
            "partition": partition,
            "dnsSuffix": suffix,
            "reverseDnsPrefix": ".".join(reversed(suffix.split("."))),
        }
    if region is None:
        return None
    if token == _REGION_TOKEN:
        description = aws.partitions().get(partition)
        return {
            "id": region,
            "name": region,
            "region": region,
            "description": (description.descriptions.get(region, "") if description else "") or region,
            "endpoint": f"ec2.{region}.{suffix}",
        }
    if token == _ZONES_TOKEN:
        letters = "abc"
        return {
            "id": region,
            "names": [f"{region}{z}" for z in letters],
            "zoneIds": [f"{_zone_prefix(region)}-az{i}" for i in range(1, len(letters) + 1)],
            "groupNames": [region],
            "state": args.get("state"),
        }
    return None


def _zone_prefix(region: str) -> str:
    # eu-west-3 -> euw3, us-east-1 -> use1 (the shape of real zone ids).
    parts = region.split("-")
    return parts[0] + "".join(p[0] for p in parts[1:-1]) + parts[-1]


def placeholder_result(token: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """A result shaped like the lookup's result type, every string carrying the offline lookup token.

    The arguments are echoed where the result has a field of the same name (as providers do), so a program
    that looks a bucket up by name gets that name back. Unknown tokens get an empty result.
    """
    cls = sdk_schema.invoke_result_class(token)
    result = sdk_schema.result_placeholder(cls, aws.OFFLINE_LOOKUP_TOKEN) if cls is not None else {}
    for key, value in args.items():
        if key in result and value is not None:
            result[key] = _coerce_like(result[key], value)
    return result


def _coerce_like(template: Any, value: Any) -> Any:
    """``value`` as the provider returns it for a field shaped like ``template``.

    The bridge converts arguments to the schema's types (``most_recent="true"`` arrives as a bool), so an echoed
    argument takes the type of the result field.
    """
    if isinstance(template, bool):
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        return value if isinstance(value, bool) else template
    if isinstance(template, int | float):
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                return template
        return value if isinstance(value, int | float) and not isinstance(value, bool) else template
    if isinstance(template, str):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value) if isinstance(value, int | float | str) else template
    if isinstance(template, list) and isinstance(value, list):
        return value
    if isinstance(template, dict) and isinstance(value, dict):
        return value
    return template
