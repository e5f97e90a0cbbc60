"""Plain values and subjects: a resource as the rules see it, copied out of the SDK's proxies once.

Two rules keep the checks honest:

* **Never read properties through the SDK's proxy.** ``args.props`` raises ``UnknownValueError`` on an unknown
  value, which the SDK turns into an *advisory* "can't run policy during preview": a residency decision would
  silently pass. :func:`plain` copies the proxy into plain Python, replacing every unknown sentinel with
  :data:`UNKNOWN`, so each check decides what an unknown means and says so ("Undetermined: ...").
* **Never crash on odd input.** Every reader accepts ``None``, wrong types and nested garbage and answers with
  "absent" instead of raising; a check that raises fails the whole deployment with a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, Protocol

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    _DictProxy,
    _is_unknown,
    _ListProxy,
)

from residency.engine.records import UNKNOWN as UNKNOWN  # the one unknown marker, shared with the engine

_UNKNOWN_STRINGS: Final = frozenset(
    (
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_STRING_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_OBJECT_VALUE,
    )
)
_SCALARS: Final = frozenset((bool, int, float, type(None)))


def plain(value: Any) -> Any:
    """Copy SDK properties into plain dicts and lists, replacing unknown sentinels with :data:`UNKNOWN`.

    The SDK's proxies hand out their raw target under the key ``"__target"`` without checking for unknowns;
    that is the one way to look at an unknown without triggering ``UnknownValueError``.
    """
    # Every resource's properties are copied once per Analyze call, so the common exact types are dispatched
    # first (``type(...) is``) instead of through ABC ``isinstance`` checks.
    cls = type(value)
    if cls is _DictProxy:
        target = value["__target"]
        return {str(k): plain(target[k]) for k in target}
    if cls is str:
        return UNKNOWN if value in _UNKNOWN_STRINGS else value
    if cls in _SCALARS:
        return value
    if cls is _ListProxy:
        return [plain(v) for v in value["__target"]]
    if cls is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if cls is list:
        return [plain(v) for v in value]
    if isinstance(value, _DictProxy):
        target = value["__target"]
        return {str(k): plain(target[k]) for k in target}
    if isinstance(value, _ListProxy):
        return [plain(v) for v in value["__target"]]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if _is_unknown(value):
        return UNKNOWN
    return value


def raw(value: Any) -> Any:
    """The SDK proxy's raw target (for cheap equality checks), or ``value`` itself."""
    if isinstance(value, _DictProxy | _ListProxy):
        return value["__target"]
    return value


def as_mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one (a wrong type reads as absent)."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> Sequence[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def is_true(value: Any) -> bool:
    """Whether a property is true; providers send booleans as strings (``"true"``) too."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def select(tree: Any, pattern: str) -> Iterator[tuple[str, Any]]:
    """Values at ``pattern`` (``replicas[].regionName``) with concrete paths (``replicas[0].regionName``).

    Missing keys and wrong types yield nothing; an unknown on the way yields ``(path, UNKNOWN)`` because an
    unknown list may hold anything.
    """

    def walk(node: Any, steps: Sequence[str], path: str) -> Iterator[tuple[str, Any]]:
        if node is UNKNOWN:
            yield path, UNKNOWN
            return
        if not steps:
            if node is not None:
                yield path, node
            return
        step, rest = steps[0], steps[1:]
        many = step.endswith("[]")
        key = step[:-2] if many else step
        if not isinstance(node, Mapping) or key not in node:
            return
        child = node[key]
        child_path = f"{path}.{key}" if path else key
        if many:
            if child is UNKNOWN:
                yield child_path, UNKNOWN
                return
            for index, item in enumerate(as_list(child)):
                yield from walk(item, rest, f"{child_path}[{index}]")
        else:
            yield from walk(child, rest, child_path)

    yield from walk(tree, pattern.split("."), "")


def leaves(tree: Any, path: str = "", key: str = "") -> list[tuple[str, str, Any]]:
    """Every leaf of a property tree as ``(path, key, value)`` in document order; ``key`` is the nearest
    mapping key.
    """
    out: list[tuple[str, str, Any]] = []
    collect_leaves(tree, path, key, out)
    return out


def collect_leaves(tree: Any, path: str, key: str, out: list[tuple[str, str, Any]]) -> None:
    """:func:`leaves` of ``tree`` appended to ``out`` (to gather several trees in one list)."""
    # One list filled by a plain recursion: nested generators cost a frame switch per level per leaf, and
    # every resource's inputs are walked on each Analyze and AnalyzeStack. Strings, the common leaf, are
    # appended without a call.
    if isinstance(tree, dict) or (
        not isinstance(tree, (str, list, bool, int, float)) and tree is not None and isinstance(tree, Mapping)
    ):
        for k, v in tree.items():
            k = str(k)
            child = f"{path}.{k}" if path else k
            if isinstance(v, str):
                out.append((child, k, v))
            else:
                collect_leaves(v, child, k, out)
    elif isinstance(tree, list):
        for index, item in enumerate(tree):
            child = f"{path}[{index}]"
            if isinstance(item, str):
                out.append((child, key, item))
            else:
                collect_leaves(item, child, key, out)
    else:
        out.append((path, key, tree))


def parse_json_object(value: Any) -> Any:
    """A mapping, or a JSON string holding one (provider inputs arrive JSON-encoded); :data:`UNKNOWN` stays.

    Anything else reads as an empty mapping.
    """
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return as_mapping(value)


def top_key(path: str) -> str:
    """The top-level property of a path (``deadLetterConfig`` for ``deadLetterConfig.targetArn``)."""
    return path.split(".", 1)[0].split("[", 1)[0]


def pattern_of(path: str) -> str:
    """A concrete path with its list indexes removed (``rules[2].destination`` -> ``rules[].destination``)."""
    out: list[str] = []
    skipping = False
    for char in path:
        if char == "[":
            skipping = True
            out.append("[]")
        elif char == "]":
            skipping = False
        elif not skipping:
            out.append(char)
    return "".join(out)


# ------------------------------------------------------------------------------------------------------------
# Subjects
# ------------------------------------------------------------------------------------------------------------


class _ProviderLike(Protocol):
    name: str
    urn: str
    props: Any


class _ResourceLike(Protocol):
    resource_type: str
    name: str
    urn: str
    props: Any

    @property
    def provider(self) -> _ProviderLike | None: ...


class ProviderView:
    """The provider of a resource: its name, URN and plain inputs."""

    __slots__ = ("name", "props", "urn")

    def __init__(self, name: str, urn: str, props: Mapping[str, Any]) -> None:
        self.name = name
        self.urn = urn
        self.props = props


class Subject:
    """One resource with plain properties: inputs in ``Analyze``, outputs in ``AnalyzeStack``.

    ``property_dependencies`` maps a top-level property to the URNs its value derives from (stack only);
    ``parent`` is the parent's URN when known.
    """

    __slots__ = ("name", "parent", "property_dependencies", "props", "provider", "type", "urn")

    def __init__(
        self,
        type_: str,
        name: str,
        urn: str,
        props: Mapping[str, Any],
        provider: ProviderView | None = None,
        property_dependencies: Mapping[str, tuple[str, ...]] | None = None,
        parent: str = "",
    ) -> None:
        self.type = type_
        self.name = name
        self.urn = urn
        self.props = props
        self.provider = provider
        self.property_dependencies = property_dependencies or {}
        self.parent = parent

    def __repr__(self) -> str:
        return f"Subject({self.type!r}, {self.name!r})"


def provider_view(provider: _ProviderLike | None) -> ProviderView | None:
    """The plain view of an SDK provider resource."""
    if provider is None:
        return None
    return ProviderView(str(provider.name), str(provider.urn), as_mapping(plain(provider.props)))


def subject_of(resource: _ResourceLike) -> Subject:
    """Build a :class:`Subject` from ``ResourceValidationArgs`` or a stack ``PolicyResource``."""
    deps: dict[str, tuple[str, ...]] = {}
    for prop, resources in (getattr(resource, "property_dependencies", None) or {}).items():
        deps[str(prop)] = tuple(str(r.urn) for r in resources)
    parent = getattr(resource, "parent", None)
    parent_urn = str(parent.urn) if parent is not None and getattr(parent, "urn", None) else ""
    if not parent_urn:
        options = getattr(resource, "opts", None)
        parent_urn = str(getattr(options, "parent", "") or "")
    return Subject(
        str(resource.resource_type),
        str(resource.name),
        str(resource.urn),
        as_mapping(plain(resource.props)),
        provider_view(resource.provider),
        deps,
        parent_urn,
    )
