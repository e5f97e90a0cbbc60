"""One index of a stack per ``AnalyzeStack``, so that every stack rule stays linear in the stack size.

The index is built in a single pass; afterwards every look-up (by URN, by name or ARN, property dependencies)
is a dictionary access. A stack rule must never scan all resources for each resource: at 10,000 resources
that is 10^8 steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from residency import catalog

from ._memory import Memory, identifiers
from ._places import RegionVerdict, effective_region
from ._values import UNKNOWN, Subject, top_key


class StackIndex:
    """Dictionaries over the resources of one ``AnalyzeStack`` request (and the session's memory)."""

    def __init__(self, subjects: Sequence[Subject], memory: Memory | None = None) -> None:
        self.subjects = subjects
        self.memory = memory or Memory()
        self.by_urn: dict[str, Subject] = {}
        self.by_arn: dict[str, Subject] = {}
        self.buckets: dict[str, Subject] = {}
        self.rest_apis: dict[str, Subject] = {}
        self._by_identifier: dict[tuple[str, str], Subject] = {}
        self._regions: dict[str, RegionVerdict] = {}
        #: How many resources were indexed (tests count this instead of timing).
        self.indexed = 0
        for subject in subjects:
            self._add(subject)

    def _add(self, subject: Subject) -> None:
        self.indexed += 1
        props = subject.props
        self.by_urn[subject.urn] = subject
        for key in identifiers(subject):
            self._by_identifier[key] = subject
        arn = props.get("arn")
        if isinstance(arn, str):
            self.by_arn[arn] = subject
        if subject.type in catalog.S3_BUCKET_TYPES and isinstance(name := props.get("bucket"), str):
            self.buckets[name] = subject
        if subject.type == catalog.APIGW_REST_API:
            # Outputs carry no `id`; the id ends the ARN: `arn:aws:apigateway:<region>::/restapis/<id>`.
            for value in (props.get("id"), arn):
                if isinstance(value, str):
                    self.rest_apis[value.rsplit("/", 1)[-1]] = subject

    def region(self, subject: Subject) -> RegionVerdict:
        """The effective region of a resource of the stack (computed once)."""
        verdict = self._regions.get(subject.urn)
        if verdict is None:
            verdict = self._regions[subject.urn] = effective_region(subject)
        return verdict

    def find(self, module: str, identifier: Any) -> Subject | None:
        """The resource of ``module`` known by a name, id or ARN: in the stack, else seen in this session."""
        if not isinstance(identifier, str):
            return None
        found = self._by_identifier.get((module, identifier))
        return found if found is not None else self.memory.find(module, identifier)

    def dependencies(self, subject: Subject, prop: str) -> list[Subject] | None:
        """The stack resources a top-level property depends on; ``None`` when one is not in the stack."""
        found: list[Subject] = []
        for urn in subject.property_dependencies.get(prop, ()):
            dep = self.by_urn.get(urn)
            if dep is None:
                return None
            found.append(dep)
        return found

    def referenced(self, subject: Subject, prop: str, value: Any) -> Subject | None:
        """The resource of the stack a property refers to: by ARN value, else its single dependency."""
        if isinstance(value, str) and value in self.by_arn:
            return self.by_arn[value]
        deps = self.dependencies(subject, prop) or []
        return deps[0] if len(deps) == 1 else None


class StackResolver:
    """Resolves lineage through the stack: known values by name or ARN, unknown ones by their dependencies."""

    def __init__(self, index: StackIndex) -> None:
        self.index = index

    def targets(self, subject: Subject, path: str, value: object, module: str) -> list[Subject] | None:
        """See :class:`._lineage.Resolver`; nothing is deferred at stack level."""
        if value is UNKNOWN:
            deps = self.index.dependencies(subject, top_key(path)) or []
            return [d for d in deps if d.urn != subject.urn]
        found = self.index.find(module, value)
        return [found] if found is not None else []
