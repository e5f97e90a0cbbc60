"""Read a Pulumi stack state: ``pulumi stack export`` output or a file-backend checkpoint.

An export is ``{"version": 3, "deployment": {"manifest", "secrets_providers", "resources": [...]}}``; a
checkpoint (what a self-managed backend stores) is ``{"version": 3, "checkpoint": {"stack", "latest":
{...same deployment...}}}``. Each resource becomes a :class:`ResourceRecord`: encrypted secrets
(``ciphertext``) become :class:`OpaqueSecret`, secrets exported with ``--show-secrets`` (``plaintext``)
become :class:`Secret`, and the provider reference ``<provider URN>::<provider ID>`` is split in two.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO, Final

from residency.engine.records import CustomTimeouts, ResourceRecord, StackSnapshot, urn_name, urn_project, urn_stack
from residency.engine.wire import decode_value

#: The largest state file read, in bytes (1 GiB). Larger files are refused before anything is read.
MAX_STATE_BYTES: Final = 1024**3
#: The deployment schema versions understood (3 is what current CLIs write, 4 adds a ``features`` list).
SUPPORTED_VERSIONS: Final = (3, 4)


class StateError(ValueError):
    """A state file that cannot be used; the message is one sentence saying which file and why."""


def _read_limited(stream: BinaryIO, limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise StateError(f"{name} is larger than the {limit:,}-byte limit for state files.")
    return data


def _read(source: str | os.PathLike[str], limit: int) -> tuple[bytes, str]:
    if str(source) == "-":
        return _read_limited(sys.stdin.buffer, limit, "standard input"), "standard input"
    path = Path(source)
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StateError(f"Cannot read {name}: {exc.strerror}.") from None
    if path.is_dir():
        raise StateError(f"{name} is a directory, not a state file.")
    # Checked before reading, so a huge file is refused without loading it.
    if size > limit:
        raise StateError(f"{name} is {size:,} bytes, larger than the {limit:,}-byte limit for state files.")
    try:
        with path.open("rb") as handle:
            return _read_limited(handle, limit, name), name
    except OSError as exc:
        raise StateError(f"Cannot read {name}: {exc.strerror}.") from None


def load_state(
    source: str | os.PathLike[str], *, max_bytes: int = MAX_STATE_BYTES, organization: str = "organization"
) -> StackSnapshot:
    """Load a stack export or checkpoint from a file, or from standard input when ``source`` is ``-``.

    :raises StateError: the file cannot be read, is too large, is not UTF-8 JSON, or is not a Pulumi state
        of a supported version.
    """
    data, name = _read(source, max_bytes)
    return loads_state(data, name=name, organization=organization)


def loads_state(data: bytes, *, name: str = "the state", organization: str = "organization") -> StackSnapshot:
    """Decode a stack export or checkpoint from its bytes (already read and decompressed); see :func:`load_state`."""
    return parse_state(decode_document(data, name=name), name=name, organization=organization)


def read_bytes(source: str | os.PathLike[str], *, max_bytes: int = MAX_STATE_BYTES) -> tuple[bytes, str]:
    """A state file's bytes (``-``: standard input) and the name messages use for it, within the size limit."""
    return _read(source, max_bytes)


def decode_document(data: bytes, *, name: str = "the state") -> Any:
    """The JSON document in a state file's bytes; :class:`StateError` when it is not UTF-8 JSON."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StateError(f"{name} is not valid UTF-8 (byte {exc.start}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateError(f"{name} is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).") from None
    except RecursionError:
        raise StateError(_too_deep(name)) from None


def parse_state(document: Any, *, name: str = "the state", organization: str = "organization") -> StackSnapshot:
    """Turn a decoded export or checkpoint document into a :class:`StackSnapshot` (see :func:`load_state`)."""
    if not isinstance(document, Mapping) or ("deployment" not in document and "checkpoint" not in document):
        raise StateError(
            f"{name} is not a Pulumi stack export or checkpoint (no 'deployment' or 'checkpoint' key); "
            "create one with `pulumi stack export --file <file>`."
        )
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise StateError(f"{name} has no integer 'version', so it is not a Pulumi stack export or checkpoint.")
    if version not in SUPPORTED_VERSIONS:
        supported = " and ".join(str(v) for v in SUPPORTED_VERSIONS)
        raise StateError(
            f"{name} uses state version {version}; only versions {supported} are supported "
            "(export it again with a current Pulumi CLI)."
        )

    stack_hint = ""
    if "deployment" in document:
        deployment = document["deployment"]
        where = "'deployment'"
    else:
        checkpoint = document["checkpoint"]
        if not isinstance(checkpoint, Mapping):
            raise StateError(f"{name} has a 'checkpoint' that is not an object.")
        stack_hint = str(checkpoint.get("stack") or "")
        deployment = checkpoint.get("latest")
        where = "'checkpoint.latest'"
        if deployment is None:
            # A stack that was created but never deployed has no latest deployment.
            return _snapshot([], stack_hint, organization)
    if not isinstance(deployment, Mapping):
        raise StateError(f"{name} has a {where} that is not an object.")
    resources = deployment.get("resources")
    if resources is None:
        resources = []
    if not isinstance(resources, list):
        raise StateError(f"{name} has {where}.resources that is not a list.")
    try:
        records = [_record(entry, index, name) for index, entry in enumerate(resources)]
    except RecursionError:
        raise StateError(_too_deep(name)) from None
    return _snapshot(records, stack_hint, organization)


def _too_deep(name: str) -> str:
    # json and the property decoder recurse once per level; a hostile or corrupt file must not crash the CLI.
    return (
        f"{name} nests JSON values too deeply to be read (Python's limit is about {sys.getrecursionlimit():,} "
        "levels); no Pulumi state nests properties that deep."
    )


def _snapshot(records: list[ResourceRecord], stack_hint: str, organization: str) -> StackSnapshot:
    if records:
        project, stack = urn_project(records[0].urn), urn_stack(records[0].urn)
    else:
        # A checkpoint's stack may be a qualified name (organization/project/stack).
        parts = stack_hint.split("/")
        project = parts[-2] if len(parts) >= 2 else ""
        stack = parts[-1]
    return StackSnapshot(
        project=project, stack=stack, organization=organization, resources=tuple(records), source="state"
    )


def _strings(value: Any, field: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StateError(f"{where} has a '{field}' that is not a list of strings.")
    return tuple(value)


def _properties(value: Any, field: str, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise StateError(f"{where} has '{field}' that are not an object.")
    try:
        decoded = decode_value(dict(value))
    except (json.JSONDecodeError, TypeError) as exc:
        raise StateError(f"{where} has a secret in '{field}' whose plaintext is not JSON ({exc}).") from None
    return dict(decoded)


def _record(entry: Any, index: int, name: str) -> ResourceRecord:
    where = f"{name}, resource #{index}"
    if not isinstance(entry, Mapping):
        raise StateError(f"{where} is not an object.")
    urn, type_ = entry.get("urn"), entry.get("type")
    if not isinstance(urn, str) or not isinstance(type_, str):
        raise StateError(f"{where} has no 'urn' and 'type' strings.")
    try:
        resource_name = urn_name(urn)
    except ValueError as exc:
        raise StateError(f"{where}: {exc}") from None
    where = f"{name}, resource {urn}"

    provider_urn: str | None = None
    provider_id: str | None = None
    reference = entry.get("provider")
    if reference:
        if not isinstance(reference, str) or "::" not in reference:
            raise StateError(f"{where} has a 'provider' that is not '<provider URN>::<provider ID>'.")
        provider_urn, _, provider_id = reference.rpartition("::")

    raw_dependencies = entry.get("propertyDependencies") or {}
    if not isinstance(raw_dependencies, Mapping):
        raise StateError(f"{where} has 'propertyDependencies' that are not an object.")
    property_dependencies = {
        str(k): _strings(v, f"propertyDependencies.{k}", where) for k, v in raw_dependencies.items()
    }

    timeouts = entry.get("customTimeouts")
    custom_timeouts = None
    if isinstance(timeouts, Mapping):
        try:
            custom_timeouts = CustomTimeouts(*(float(timeouts.get(k) or 0) for k in ("create", "update", "delete")))
        except (TypeError, ValueError):
            raise StateError(f"{where} has 'customTimeouts' that are not numbers of seconds.") from None

    resource_id = entry.get("id")
    parent = entry.get("parent")
    return ResourceRecord(
        urn=urn,
        type=type_,
        name=resource_name,
        custom=bool(entry.get("custom", False)),
        inputs=_properties(entry.get("inputs"), "inputs", where),
        outputs=_properties(entry.get("outputs"), "outputs", where),
        id=str(resource_id) if resource_id not in (None, "") else None,
        provider_urn=provider_urn,
        provider_id=provider_id,
        parent_urn=parent if isinstance(parent, str) and parent else None,
        dependencies=_strings(entry.get("dependencies"), "dependencies", where),
        property_dependencies=property_dependencies,
        protect=bool(entry.get("protect", False)),
        ignore_changes=_strings(entry.get("ignoreChanges"), "ignoreChanges", where),
        additional_secret_outputs=_strings(entry.get("additionalSecretOutputs"), "additionalSecretOutputs", where),
        aliases=_strings(entry.get("aliases"), "aliases", where),
        custom_timeouts=custom_timeouts,
        external=bool(entry.get("external", False)),
        pending_delete=bool(entry.get("delete", False)),
    )
