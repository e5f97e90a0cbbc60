"""A rule is data: declared once, with the types it looks at, its check, level, severity and remediation.

The runtime (:mod:`._runtime`) builds the pulumi_policy objects from these declarations and enforces type
dispatch: a resource check is only called for the types its rule declares, and a stack check's findings on
resources of other types are dropped. The README table, ``residency explain`` and SARIF read the same
declarations, so documentation cannot drift from behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog

if TYPE_CHECKING:
    from ._places import Ctx
    from ._stack import StackIndex
    from ._values import Subject

#: Marks a finding whose decision rests on a value unknown at preview.
UNDETERMINED_PREFIX: Final = "Undetermined: "


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a check found; ``undetermined`` when it depends on a value nobody knows yet.

    ``urn`` names the resource for stack checks (resource checks report on the resource analysed).
    """

    message: str
    undetermined: bool = False
    urn: str | None = None


def violation(message: str, urn: str | None = None) -> Finding:
    """A definite violation."""
    return Finding(message, False, urn)


def undetermined(message: str, urn: str | None = None) -> Finding:
    """A decision that depends on unknown values; the message starts with ``Undetermined:``."""
    return Finding(UNDETERMINED_PREFIX + message, True, urn)


@dataclass(frozen=True)
class Types:
    """The resource types a rule looks at: explicit tokens, every pulumi-aws type, or every type at all."""

    tokens: frozenset[str] = frozenset()
    all_aws: bool = False
    everything: bool = False
    label: str = ""

    @classmethod
    def of(cls, *tokens: str) -> Types:
        """Exactly these type tokens."""
        return cls(frozenset(tokens))

    def covers(self, type_token: str) -> bool:
        """Whether the rule looks at resources of this type."""
        if self.everything or type_token in self.tokens:
            return True
        return self.all_aws and catalog.is_aws_type(type_token)

    def describe(self) -> str:
        """The types as the README table shows them."""
        if self.label:
            return self.label
        parts = ["every `aws:*` type"] if self.all_aws else []
        parts += [f"`{t}`" for t in sorted(self.tokens)]
        return ", ".join(parts) or "every type"


#: Every pulumi-aws resource type.
ALL_AWS: Final = Types(all_aws=True)
#: Every pulumi-aws resource type and the AWS provider.
AWS_AND_PROVIDER: Final = Types(frozenset({catalog.AWS_PROVIDER}), all_aws=True)
#: Every resource of every package (the rules that must notice what they cannot see into).
EVERYTHING: Final = Types(everything=True, label="every type")

ResourceCheck = Callable[["Subject", "Ctx"], Iterable[Finding]]
StackCheck = Callable[["StackIndex", "Ctx"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule of the pack.

    ``scope`` says whether ``check`` looks at one resource (``Analyze``: inputs, before anything is created) or
    at the whole stack (``AnalyzeStack``: outputs, with ``propertyDependencies``).
    """

    name: str
    area: str
    description: str
    types: Types
    scope: Literal["resource", "stack"]
    check: ResourceCheck | StackCheck | None
    level: EnforcementLevel
    severity: Severity
    remediation: str
    #: Rules that only report the undetermined findings of the others (see ``undetermined.py``).
    routes_undetermined: bool = field(default=False)

    def __post_init__(self) -> None:
        if not self.name.startswith(f"{self.area}-"):
            raise ValueError(f"rule {self.name!r} must be named '{self.area}-<what>'")
        if not self.description.endswith(".") or not self.remediation:
            raise ValueError(f"rule {self.name!r} needs a one-sentence description and remediation steps")
