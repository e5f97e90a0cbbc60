"""Facts about pulumi-aws resource types, generated from the installed SDK and kept as data.

Importing all of pulumi-aws takes seconds, far too long for a policy pack's start, so the facts the pack needs
are generated once (``python -m residency.schema --write``) into ``data/pulumi_aws_schema.json`` and read from
there: for each type token, its top-level input properties (wire names), whether it takes ``tags`` and a
per-resource ``region``, and every input property path whose name mentions a region. A test regenerates the
table from the pinned pulumi-aws and fails when it is stale.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import re
import sys
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

DATA_FILE: Final = Path(__file__).resolve().parent / "data" / "pulumi_aws_schema.json"

_REGION_WORD: Final = re.compile(r"region", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TypeFacts:
    """What the pack needs to know about one pulumi-aws resource type."""

    inputs: frozenset[str]
    tagged: bool
    regional: bool
    region_paths: tuple[str, ...]


@cache
def _load() -> Mapping[str, TypeFacts]:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return MappingProxyType(
        {
            token: TypeFacts(
                frozenset(entry["inputs"]), entry["tagged"], entry["regional"], tuple(entry["regionPaths"])
            )
            for token, entry in document["types"].items()
        }
    )


def facts(type_token: str) -> TypeFacts | None:
    """The facts of a type token, or ``None`` for a type the table does not know (a newer pulumi-aws)."""
    return _load().get(type_token)


def known_types() -> frozenset[str]:
    """Every type token in the table."""
    return frozenset(_load())


def generated_for() -> str:
    """The pulumi-aws version the table was generated from."""
    return str(json.loads(DATA_FILE.read_text(encoding="utf-8"))["pulumiAws"])


# ------------------------------------------------------------------------------------------------------------
# Generation (developer tool; imports all of pulumi-aws)
# ------------------------------------------------------------------------------------------------------------


def _resource_modules() -> list[dict[str, Any]]:
    import pulumi_aws

    source = Path(pulumi_aws.__file__).with_name("__init__.py").read_text(encoding="utf-8")
    found = re.search(r'resource_modules="""(.*?)"""', source, re.S)
    if found is None:
        raise RuntimeError("pulumi_aws/__init__.py no longer registers resource_modules")
    modules: list[dict[str, Any]] = json.loads(found[1])
    return modules


def _args_class(resource_cls: type) -> type | None:
    """The resource's own args class: ``<Name>InitArgs`` when a nested input type took ``<Name>Args``."""
    module = sys.modules[resource_cls.__module__]
    for name in (f"{resource_cls.__name__}InitArgs", f"{resource_cls.__name__}Args"):
        found = getattr(module, name, None)
        # The module star-imports its package's input types, which may shadow the name: keep the module's own.
        if isinstance(found, type) and found.__module__ == module.__name__:
            return found
    return None


def _input_properties(cls: type) -> Iterator[tuple[str, Any]]:
    for _, member in inspect.getmembers(cls):
        if isinstance(member, property) and member.fget is not None:
            name = getattr(member.fget, "_pulumi_name", None)
            if isinstance(name, str):
                yield name, member.fget.__annotations__.get("return")


def _nested_classes(annotation: Any, namespace: Mapping[str, Any]) -> Iterator[tuple[type, bool]]:
    """Input classes inside an annotation, with whether they sit in a list."""

    def walk(node: Any, in_list: bool) -> Iterator[tuple[type, bool]]:
        if isinstance(node, typing.ForwardRef):
            target = namespace.get(node.__forward_arg__)
            if isinstance(target, type) and target.__name__.endswith("Args"):
                yield target, in_list
            return
        origin = typing.get_origin(node)
        many = in_list or (origin is not None and getattr(origin, "__name__", "") in ("Sequence", "list"))
        for arg in typing.get_args(node):
            yield from walk(arg, many)

    yield from walk(annotation, False)


def _region_paths(cls: type, namespace: Mapping[str, Any], prefix: str, seen: frozenset[type]) -> Iterator[str]:
    for name, annotation in _input_properties(cls):
        path = f"{prefix}.{name}" if prefix else name
        if _REGION_WORD.search(name) and prefix:
            yield path
        for nested, in_list in _nested_classes(annotation, namespace):
            if nested in seen:
                continue
            yield from _region_paths(nested, namespace, f"{path}[]" if in_list else path, seen | {nested})


def generate(modules: frozenset[str] | None = None) -> dict[str, Any]:
    """Build the table from the installed pulumi-aws (only the given modules, such as ``{"s3"}``, if any)."""
    from importlib import metadata

    types: dict[str, Any] = {}
    for module in _resource_modules():
        if modules is not None and module["mod"].split("/", 1)[0] not in modules:
            continue
        imported = importlib.import_module(module["fqn"])
        for token, class_name in module["classes"].items():
            resource_cls = getattr(imported, class_name)
            args = _args_class(resource_cls)
            if args is None:
                continue
            namespace = {**vars(sys.modules[args.__module__]), **vars(imported)}
            inputs = sorted(name for name, _ in _input_properties(args))
            types[token] = {
                "inputs": inputs,
                "tagged": "tags" in inputs,
                "regional": "region" in inputs,
                # Top-level `region` is the resource's own region, judged by the residency rules.
                "regionPaths": sorted(set(_region_paths(args, namespace, "", frozenset({args})))
                                      | {n for n in inputs if _REGION_WORD.search(n) and n != "region"}),
            }
    return {"pulumiAws": metadata.version("pulumi-aws"), "types": dict(sorted(types.items()))}


def main(argv: list[str] | None = None) -> int:
    """``python -m residency.schema --write`` regenerates the table; ``--check`` fails when it is stale."""
    parser = argparse.ArgumentParser(prog="python -m residency.schema")
    parser.add_argument("--write", action="store_true", help="rewrite the data file")
    parser.add_argument("--check", action="store_true", help="exit 1 when the data file is stale")
    options = parser.parse_args(argv)
    document = generate()
    text = json.dumps(document, indent=1, sort_keys=False) + "\n"
    if options.write:
        DATA_FILE.parent.mkdir(parents=True, exist_ok=True)
        DATA_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {DATA_FILE} ({len(document['types'])} types, pulumi-aws {document['pulumiAws']})")
        return 0
    stale = not DATA_FILE.exists() or DATA_FILE.read_text(encoding="utf-8") != text
    print("stale" if stale else "current")
    return 1 if (options.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
