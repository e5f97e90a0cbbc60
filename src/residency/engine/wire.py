"""The engine's wire form of property values, as ``MarshalProperties`` produces it for analyzers and SDKs.

Secrets, unknowns, assets, archives, resource references and output values travel inside a
``google.protobuf.Struct`` as dicts carrying a signature key (or, for unknowns, a sentinel string). State files
add signatures of their own for byte strings that are not UTF-8 and for floats JSON cannot hold (NaN, +Inf,
-Inf). This module encodes and decodes all of them. It imports only the standard library, protobuf and the
records module, so that the offline program runner can use it inside a project's own interpreter.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Final

from google.protobuf import json_format, struct_pb2

from residency.engine.records import UNKNOWN, OpaqueSecret, Secret

#: The key whose value says what kind of special object a dict is.
SIG_KEY: Final = "4dabf18193072939515e22adb298388d"
#: Signature of a secret: ``{SIG_KEY: SECRET_SIG, "value": ...}`` on the wire.
SECRET_SIG: Final = "1b47061264138c4ac30d75fd1eb44270"
#: Signature of an asset.
ASSET_SIG: Final = "c44067f5952c0a294b673a41bacd8c17"
#: Signature of an archive.
ARCHIVE_SIG: Final = "0def7320c3a5731c473e5ecbe6d01bc7"
#: Signature of a resource reference (SDK to engine only; analyzers get an ID or URN instead).
RESOURCE_SIG: Final = "5cf8f73096256a8f31e491e813e4eb8e"
#: Signature of an output value (SDK to engine only).
OUTPUT_VALUE_SIG: Final = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
#: The string that stands for an unknown value.
UNKNOWN_STRING: Final = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"


def _is_internal_key(key: str) -> bool:
    # The engine's SkipInternalKeys drops keys starting with "__" (``__defaults``, ``__internal``, ...).
    return key.startswith("__")


def _is_utf8(text: str) -> bool:
    # A state file can hold a string that is not UTF-8 (JSON escapes of lone surrogates); protobuf refuses to
    # send it, so it travels as unknown instead of crashing the run.
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: Signatures the SDK unmarshals (anything else fails the pack's request).
_KNOWN_SIGS: Final = frozenset({SECRET_SIG, ASSET_SIG, ARCHIVE_SIG, RESOURCE_SIG, OUTPUT_VALUE_SIG})

def encode_value(value: Any, *, skip_internal_keys: bool = True) -> Any:
    """A property value in the engine's wire form, as a JSON-like value (what goes inside a ``Struct``).

    Secrets become ``{SIG_KEY: SECRET_SIG, "value": ...}``; an :class:`OpaqueSecret` becomes a secret whose
    value is unknown, so no ciphertext or plaintext ever crosses; :data:`UNKNOWN` becomes ``UNKNOWN_STRING``;
    numbers become floats (protobuf numbers are doubles); assets and archives pass through as dicts.
    ``skip_internal_keys`` drops the ``__``-prefixed keys of ``value`` itself when it is a mapping, and only
    those: the engine's ``MarshalProperties`` strips top-level internal keys, so a nested ``__defaults``
    reaches the pack.
    """
    if isinstance(value, str):
        return value if _is_utf8(value) else UNKNOWN_STRING
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        number = float(value)
        # NaN and infinities (a state file can hold them) cannot travel in a Struct: unknown, never a crash.
        return number if math.isfinite(number) else UNKNOWN_STRING
    if value is UNKNOWN:
        return UNKNOWN_STRING
    if isinstance(value, Secret):
        return {SIG_KEY: SECRET_SIG, "value": encode_value(value.value, skip_internal_keys=False)}
    if isinstance(value, OpaqueSecret):
        return {SIG_KEY: SECRET_SIG, "value": UNKNOWN_STRING}
    if isinstance(value, Mapping):
        if SIG_KEY in value:
            if value[SIG_KEY] not in _KNOWN_SIGS:
                # A signature the SDK cannot unmarshal (a state's byte strings, NaN): unknown, as on load.
                return UNKNOWN_STRING
            # An asset or archive: its own keys are meaningful, never "internal".
            return {str(k): encode_value(v, skip_internal_keys=False) for k, v in value.items()}
        return {
            str(k): encode_value(v, skip_internal_keys=False)
            for k, v in value.items()
            if not (skip_internal_keys and _is_internal_key(str(k)))
        }
    if isinstance(value, list | tuple):
        return [encode_value(v, skip_internal_keys=False) for v in value]
    raise TypeError(f"Cannot encode a {type(value).__name__} as a Pulumi property value.")


def to_struct(props: Mapping[str, Any], *, skip_internal_keys: bool = True) -> struct_pb2.Struct:
    """Encode a property map into a ``google.protobuf.Struct`` exactly as the engine sends it to an analyzer.

    ``skip_internal_keys`` drops the top-level ``__``-prefixed keys, as the engine does for ``Analyze`` and
    ``AnalyzeStack`` (it keeps them for ``Remediate``); nested ones such as a nested ``__defaults`` stay.
    """
    encoded = encode_value(dict(props), skip_internal_keys=skip_internal_keys)
    struct = struct_pb2.Struct()
    struct.update(encoded)
    return struct


def decode_value(value: Any) -> Any:
    """The inverse of :func:`encode_value` for JSON-like values, plus the forms found in state files and SDK requests.

    Secrets with a ``value`` or a ``plaintext`` (JSON text) become :class:`Secret`, secrets with a ``ciphertext``
    become :class:`OpaqueSecret`; ``UNKNOWN_STRING`` becomes :data:`UNKNOWN`; a resource reference becomes the
    resource's ID (its URN when it has no ID), as the engine hands references to analyzers; an output value
    becomes its value (or :data:`UNKNOWN`), kept secret when it is.
    """
    if isinstance(value, str):
        return UNKNOWN if value == UNKNOWN_STRING else value
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    sig = value.get(SIG_KEY)
    if sig is None:
        return {k: decode_value(v) for k, v in value.items()}
    if sig == SECRET_SIG:
        if "ciphertext" in value:
            return OpaqueSecret()
        if "plaintext" in value:
            plaintext = value["plaintext"]
            return Secret(decode_value(json.loads(plaintext)) if isinstance(plaintext, str) else None)
        return Secret(decode_value(value.get("value")))
    if sig == RESOURCE_SIG:
        ref_id = value.get("id")
        if ref_id is not None and ref_id != "":
            return decode_value(ref_id)
        return str(value.get("urn", ""))
    if sig == OUTPUT_VALUE_SIG:
        inner = decode_value(value["value"]) if "value" in value else UNKNOWN
        return Secret(inner) if value.get("secret") else inner
    if sig in (ASSET_SIG, ARCHIVE_SIG):
        # Keep the dict, decoding nested values (an archive's assets).
        return {k: decode_value(v) for k, v in value.items()}
    # Any other signature (state files carry some for non-UTF-8 byte strings and for NaN/Inf floats) is a
    # value this tool cannot read faithfully: it becomes unknown, so a policy that reads it is undetermined
    # (never a pass) and the pack never receives a signature it would refuse.
    return UNKNOWN


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """Decode a ``Struct`` from the wire into a property map (see :func:`decode_value`)."""
    decoded = decode_value(json_format.MessageToDict(struct))
    if not isinstance(decoded, dict):
        raise TypeError("A property Struct did not decode to a mapping.")
    return decoded

