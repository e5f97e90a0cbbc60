"""The resources the engine hands to a policy pack, captured from a program run or read from a state file.

A :class:`ResourceRecord` holds what the Pulumi engine knows about one resource at the moment it calls the
analyzer: its URN, type, inputs (what ``Analyze`` sees), outputs (what ``AnalyzeStack`` sees), provider,
parent and dependencies, and the resource options the analyzer protocol carries. A :class:`StackSnapshot`
is one stack's worth of them plus the project, stack, organization and config the pack is started with.

Property values are plain JSON-like Python values (``dict``, ``list``, ``str``, ``float``/``int``, ``bool``,
``None``) plus three markers: :class:`Secret` (a value the program or state marked secret),
:class:`OpaqueSecret` (an encrypted value from a state file whose plaintext is unknown) and :data:`UNKNOWN`
(a value only known after a deployment). Assets and archives stay as the engine's signature dicts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

#: The type token of the root stack resource; the engine leaves it out of its children's URNs.
ROOT_STACK_TYPE: Final = "pulumi:pulumi:Stack"
#: The prefix of every provider resource type (``pulumi:providers:aws``).
PROVIDER_TYPE_PREFIX: Final = "pulumi:providers:"


class _Unknown:
    """The type of :data:`UNKNOWN`; there is exactly one instance."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        # Pickling (and copy.deepcopy) must give back the singleton, so `value is UNKNOWN` keeps working.
        return "UNKNOWN"


#: A value that is only known after the deployment (a computed output during preview).
UNKNOWN: Final = _Unknown()


class Secret:
    """A value marked secret. Its ``repr`` and ``str`` never show the value, so records can be logged safely."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.value == self.value

    # A secret may wrap a dict or a list; secrets are compared, never used as keys.
    __hash__ = None  # type: ignore[assignment]


class OpaqueSecret:
    """An encrypted secret from a state file: the plaintext is not known and never will be here."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OpaqueSecret()"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OpaqueSecret)

    def __hash__(self) -> int:
        return hash(OpaqueSecret)


def is_provider_type(type_: str) -> bool:
    """Whether ``type_`` is a provider resource type (``pulumi:providers:<package>``)."""
    return type_.startswith(PROVIDER_TYPE_PREFIX)


def package_of(type_: str) -> str:
    """The package a type token belongs to: ``aws`` for ``aws:s3/bucket:Bucket`` and ``pulumi:providers:aws``."""
    if is_provider_type(type_):
        return type_[len(PROVIDER_TYPE_PREFIX) :]
    return type_.split(":", 1)[0]


def _urn_parts(urn: str) -> list[str]:
    # urn:pulumi:<stack>::<project>::<qualified type>::<name>; the name itself may contain "::".
    if not urn.startswith("urn:pulumi:"):
        raise ValueError(f"{urn!r} is not a Pulumi URN (it must start with 'urn:pulumi:').")
    parts = urn[len("urn:pulumi:") :].split("::", 3)
    if len(parts) != 4:
        raise ValueError(f"{urn!r} is not a Pulumi URN (expected urn:pulumi:<stack>::<project>::<type>::<name>).")
    return parts


def urn_stack(urn: str) -> str:
    """The stack name in a URN."""
    return _urn_parts(urn)[0]


def urn_project(urn: str) -> str:
    """The project name in a URN."""
    return _urn_parts(urn)[1]


def urn_qualified_type(urn: str) -> str:
    """The parent-qualified type of a URN: ``my:index:Comp$aws:sqs/queue:Queue``."""
    return _urn_parts(urn)[2]


def urn_type(urn: str) -> str:
    """The resource's own type, the last element of the qualified type."""
    return urn_qualified_type(urn).rsplit("$", 1)[-1]


def urn_name(urn: str) -> str:
    """The resource's logical name."""
    return _urn_parts(urn)[3]


def make_urn(stack: str, project: str, parent_urn: str | None, type_: str, name: str) -> str:
    """The URN the engine gives a resource: the parent's qualified type chain, joined by ``$``, then the type.

    The root stack is not part of the chain, so a top-level resource's URN carries only its own type. The
    whole chain is kept (``a$b$c``), unlike the SDK's mock monitor, which keeps only the parent's last type.
    """
    qualified = type_
    if parent_urn:
        parent_type = urn_qualified_type(parent_urn)
        if parent_type != ROOT_STACK_TYPE:
            qualified = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def root_stack_urn(stack: str, project: str) -> str:
    """The URN of the stack's root resource (``pulumi:pulumi:Stack`` named ``<project>-<stack>``)."""
    return f"urn:pulumi:{stack}::{project}::{ROOT_STACK_TYPE}::{project}-{stack}"


@dataclass(frozen=True)
class CustomTimeouts:
    """Create, update and delete timeouts in seconds (0 when not set), as the analyzer protocol carries them."""

    create: float = 0.0
    update: float = 0.0
    delete: float = 0.0


@dataclass(frozen=True)
class ResourceRecord:
    """One resource as the engine knows it when it calls a policy pack."""

    #: The resource's URN.
    urn: str
    #: The type token (``aws:s3/bucket:Bucket``).
    type: str
    #: The logical name (the last URN element).
    name: str
    #: ``True`` for resources managed by a provider, ``False`` for components and the root stack.
    custom: bool
    #: The inputs after the provider's check: what ``Analyze`` receives.
    inputs: Mapping[str, Any] = field(default_factory=dict)
    #: The outputs: what ``AnalyzeStack`` receives.
    outputs: Mapping[str, Any] = field(default_factory=dict)
    #: The provider-assigned ID, when there is one.
    id: str | None = None
    #: The URN of the provider resource managing this one (without the ``::<id>`` suffix), if any.
    provider_urn: str | None = None
    #: The ID half of the provider reference, if any.
    provider_id: str | None = None
    #: The parent resource's URN (the root stack for top-level resources), if any.
    parent_urn: str | None = None
    #: URNs this resource depends on.
    dependencies: tuple[str, ...] = ()
    #: Property name to the URNs that property's value came from.
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The ``protect`` option.
    protect: bool = False
    #: The ``ignore_changes`` option.
    ignore_changes: tuple[str, ...] = ()
    #: The ``delete_before_replace`` option, ``None`` when not set.
    delete_before_replace: bool | None = None
    #: The ``additional_secret_outputs`` option.
    additional_secret_outputs: tuple[str, ...] = ()
    #: The resource's aliases as URNs.
    aliases: tuple[str, ...] = ()
    #: The ``custom_timeouts`` option, ``None`` when not set.
    custom_timeouts: CustomTimeouts | None = None
    #: ``True`` for resources read (``Resource.get``) rather than managed.
    external: bool = False
    #: ``True`` for an old copy waiting to be deleted after a replacement (state files only).
    pending_delete: bool = False
    #: ``True`` for a multi-language component (``remote=True``): its provider constructs the children, so
    #: offline they exist only if the engine stand-in expanded it.
    remote: bool = False

    @property
    def is_provider(self) -> bool:
        """Whether this is a provider resource."""
        return is_provider_type(self.type)

    @property
    def package(self) -> str:
        """The package the resource's type belongs to (``aws``)."""
        return package_of(self.type)


@dataclass(frozen=True)
class StackSnapshot:
    """A stack's resources with the project, stack, organization and config the engine would run a pack with."""

    project: str
    stack: str
    #: The organization (``organization`` for self-managed backends, as the engine defaults it).
    organization: str = "organization"
    #: Namespaced config keys (``aws:region``) to values; secret values are :class:`Secret`.
    config: Mapping[str, Any] = field(default_factory=dict)
    resources: tuple[ResourceRecord, ...] = ()
    #: Where the resources come from: a program run (``program``, like a preview) or a state file (``state``).
    source: Literal["program", "state"] = "program"
    #: What the offline run noticed that a reader must know (see ``residency.engine._mockrun``): which provider
    #: took its region from the environment, which lookups were answered offline, which remote components
    #: were expanded.
    notes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root_urn(self) -> str:
        """The URN of the root stack resource."""
        return root_stack_urn(self.stack, self.project)

    def by_urn(self) -> dict[str, ResourceRecord]:
        """The resources keyed by URN (pending deletions left out, so each URN maps to the live resource)."""
        return {r.urn: r for r in self.resources if not r.pending_delete}

    def provider_of(self, record: ResourceRecord) -> ResourceRecord | None:
        """The provider resource that manages ``record``, if the snapshot has it."""
        if record.provider_urn is None:
            return None
        for candidate in self.resources:
            if candidate.urn == record.provider_urn and not candidate.pending_delete:
                return candidate
        return None

    def __iter__(self) -> Iterator[ResourceRecord]:
        return iter(self.resources)

    def __len__(self) -> int:
        return len(self.resources)
