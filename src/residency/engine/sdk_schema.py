"""What the installed Pulumi SDKs say about a type: a resource's input and output properties, a lookup's result shape.

The offline runner has no provider plugin and so no provider schema; the generated Python SDK of each package
(``pulumi_aws`` and friends, the versions installed next to the program) carries the same information: every
property getter records its wire name, the ``<Type>Args`` class lists the inputs, the resource class lists the
outputs, and a lookup's ``Get<Name>Result`` class annotates each field with its type. Runs inside the
program's own interpreter: imports the standard library and ``pulumi`` only.
"""

from __future__ import annotations

import collections.abc
import functools
import importlib
import re
import sys
import typing
from dataclasses import dataclass
from typing import Any, Final

from pulumi.runtime import rpc

#: The attribute in which ``pulumi.getter`` records a property's wire name.
_PULUMI_NAME: Final = "_pulumi_name"
#: How deep a lookup placeholder is built into nested result types.
_MAX_DEPTH: Final = 6


@dataclass(frozen=True)
class ResourceSchema:
    """A resource type's wire property names, from its SDK classes."""

    #: Input properties (the ``<Type>Args`` class).
    inputs: frozenset[str]
    #: Output properties (the resource class).
    outputs: frozenset[str]


def _getters(cls: type) -> list[tuple[str, Any]]:
    """``(wire name, getter function)`` for each Pulumi property getter of ``cls`` and its bases."""
    found: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        for value in vars(base).values():
            if isinstance(value, property) and value.fget is not None:
                name = getattr(value.fget, _PULUMI_NAME, None)
                if isinstance(name, str):
                    found[name] = value.fget
    return list(found.items())


@functools.cache
def resource_class(type_: str) -> type | None:
    """The SDK class registered for a resource type token, if its package is installed."""
    parts = type_.split(":")
    if len(parts) != 3:
        return None
    module = rpc.get_resource_module(parts[0], parts[1], "")
    mod_info = getattr(module, "mod_info", None)
    if not isinstance(mod_info, collections.abc.Mapping):
        return None
    class_name = (mod_info.get("classes") or {}).get(type_)
    fqn = mod_info.get("fqn")
    if not isinstance(class_name, str) or not isinstance(fqn, str):
        return None
    try:
        cls = getattr(importlib.import_module(fqn), class_name)
    except (ImportError, AttributeError):
        return None
    return cls if isinstance(cls, type) else None


@functools.cache
def resource_schema(type_: str) -> ResourceSchema | None:
    """The input and output property names of a resource type (``None`` when its SDK class is not found)."""
    cls = resource_class(type_)
    if cls is None:
        return None
    module = sys.modules.get(cls.__module__)
    args_cls = getattr(module, f"{cls.__name__}Args", None) if module is not None else None
    inputs = frozenset(n for n, _ in _getters(args_cls)) if isinstance(args_cls, type) else frozenset()
    return ResourceSchema(inputs=inputs, outputs=frozenset(n for n, _ in _getters(cls)))


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


@functools.cache
def invoke_result_class(token: str) -> type | None:
    """The ``Get<Name>Result`` class of a lookup token (``aws:ec2/getAmi:getAmi``), if the SDK has it."""
    parts = token.split(":")
    if len(parts) != 3 or not parts[2]:
        return None
    package, module_part, function = parts
    python_package = "pulumi_" + package.replace("-", "_")
    module_name = module_part.split("/", 1)[0]
    prefix = python_package if module_name in ("index", "") else f"{python_package}.{_snake(module_name)}"
    class_name = function[0].upper() + function[1:] + "Result"
    for candidate in (f"{prefix}.{_snake(function)}", prefix):
        try:
            found = getattr(importlib.import_module(candidate), class_name, None)
        except ImportError:
            continue
        if isinstance(found, type):
            return found
    return None


def _resolve(annotation: Any, namespace: dict[str, Any]) -> Any:
    if isinstance(annotation, typing.ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        try:
            return eval(annotation, namespace)
        except Exception:
            return str
    return annotation


def placeholder(annotation: Any, namespace: dict[str, Any], label: str, token_text: str, depth: int = 0) -> Any:
    """A value shaped like ``annotation`` whose every string carries ``token_text`` (numbers 0, booleans false).

    Lists get one element and maps one key, so that programs that index or iterate a lookup's result run.
    """
    annotation = _resolve(annotation, namespace)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union or (origin is not None and type(annotation).__name__ == "UnionType"):
        chosen = next((a for a in args if a is not type(None)), str)
        return placeholder(chosen, namespace, label, token_text, depth)
    if origin in (list, tuple, collections.abc.Sequence, typing.Sequence, collections.abc.Iterable):
        inner = args[0] if args else str
        return [placeholder(inner, namespace, label, token_text, depth + 1)] if depth < _MAX_DEPTH else []
    if origin in (dict, collections.abc.Mapping, typing.Mapping):
        inner = args[1] if len(args) == 2 else str
        return {token_text: placeholder(inner, namespace, label, token_text, depth + 1)} if depth < _MAX_DEPTH else {}
    if annotation is bool:
        return False
    if annotation in (int, float):
        return 0
    if isinstance(annotation, type) and annotation is not str and _getters(annotation):
        return result_placeholder(annotation, token_text, depth + 1) if depth < _MAX_DEPTH else {}
    return f"{token_text}-{label}"


def result_placeholder(cls: type, token_text: str, depth: int = 0) -> dict[str, Any]:
    """A placeholder for every field of an SDK output class, keyed by wire name (see :func:`placeholder`)."""
    result: dict[str, Any] = {}
    for name, getter in _getters(cls):
        annotation = getattr(getter, "__annotations__", {}).get("return", str)
        namespace = dict(getattr(getter, "__globals__", {}))
        result[name] = placeholder(annotation, namespace, _snake(name).replace("_", "-"), token_text, depth)
    return result
