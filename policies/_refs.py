"""Which resources of the stack a property refers to: by the identifier it holds, else by its dependencies.

A reference is known (``sg-0abc``, a name, an ARN) or unknown at preview. A known one is looked up by
identifier in the stack (:meth:`StackIndex.find`, :attr:`StackIndex.by_arn`); an unknown one, or a known one that
is the id of a resource whose outputs do not carry its id, is resolved through the property's dependencies
(``propertyDependencies``). What cannot be resolved either way is reported as unresolved, so that the caller can
decide what an unknown means (undetermined, never a pass).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from residency import catalog

from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_list, top_key

#: Packages whose resources exist only in the deployment's state (random values, keys, clocks, archives):
#: they have no place, and no data goes to them.
LOCAL_PACKAGES = frozenset({"random", "tls", "time", "std", "archive", "null"})


@dataclass
class Resolved:
    """The resources a property refers to, and whether some reference could not be resolved."""

    found: list[Subject] = field(default_factory=list)
    unresolved: bool = False


def _lookup(index: StackIndex, value: str, types: Collection[str]) -> Subject | None:
    found = index.by_arn.get(value)
    if found is not None and found.type in types:
        return found
    for module in {catalog.module_of(t) for t in types}:
        found = index.find(module, value)
        if found is not None and found.type in types:
            return found
    return None


def resolve(index: StackIndex, subject: Subject, path: str, value: Any, types: Collection[str]) -> Resolved:
    """The resources of ``types`` that ``value`` (at ``path``, a string or a list of them) refers to."""
    values = [value] if not isinstance(value, list) else list(value)
    if value is UNKNOWN:
        values = [UNKNOWN]
    result = Resolved()
    pending = 0
    for item in values:
        if item is None:
            continue
        found = _lookup(index, item, types) if isinstance(item, str) else None
        if found is not None:
            if found not in result.found:
                result.found.append(found)
        else:
            pending += 1
    if not pending:
        return result
    deps = index.dependencies(subject, top_key(path))
    candidates = [d for d in deps or [] if d.type in types and d not in result.found and d.urn != subject.urn]
    if deps is None or (value is not UNKNOWN and len(candidates) < pending) or not candidates:
        result.unresolved = True
    result.found.extend(candidates)
    return result


def resolve_one(index: StackIndex, subject: Subject, path: str, value: Any, types: Collection[str]) -> Resolved:
    """As :func:`resolve` for a single reference: more than one candidate leaves it unresolved."""
    result = resolve(index, subject, path, value, types)
    if len(result.found) > 1:
        return Resolved([], True)
    return result


def values_at(value: Any) -> list[Any]:
    """A list property as a list (an unknown list stays one unknown element; absent is empty)."""
    if value is UNKNOWN:
        return [UNKNOWN]
    if value is None:
        return []
    return list(as_list(value)) if isinstance(value, list) else [value]


def lineage_of(index: StackIndex, subject: Subject, path: str) -> Iterator[Subject | str]:
    """What the value of ``path``, unknown at preview, derives from, through ``propertyDependencies``.

    In dependency order: each pulumi-aws resource it derives from (for the caller to judge), or why it cannot be
    followed (a string completing "`path` is unknown at preview and ..."), after which the caller should stop
    (the value is undetermined). Resources that compute values locally (:data:`LOCAL_PACKAGES`) and providers
    are passed over: no data goes to them.
    """
    deps = index.dependencies(subject, top_key(path))
    if deps is None:
        yield "derives from a resource that is not part of this stack"
        return
    deps = [d for d in deps if d.urn != subject.urn]
    if not deps:
        yield "derives from nothing in this stack (another stack or a computed value)"
        return
    for dep in deps:
        if dep.type == "pulumi:pulumi:StackReference":
            yield f"comes from another stack's outputs ({dep.name!r})"
        elif catalog.is_aws_type(dep.type):
            yield dep
        elif dep.type.split(":", 1)[0] not in LOCAL_PACKAGES and not dep.type.startswith("pulumi:providers:"):
            yield f"derives from {dep.name!r} ({dep.type}), which the pack cannot follow"

