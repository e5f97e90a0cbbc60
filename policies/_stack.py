"""One index of a stack per stack policy run, so that every stack policy stays linear in the stack size.

The index is built in a single pass over ``args.resources``; afterwards every look-up (by URN, by ARN, bucket
name to region, endpoint to WAF associations, property dependencies) is a dictionary access. A stack policy
must never scan all resources for each resource: at 10,000 resources that is 10^8 steps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from residency import catalog

from ._context import RegionVerdict, Subject, effective_region, subject_of


class StackIndex:
    """Dictionaries over the resources of one ``AnalyzeStack`` request."""

    def __init__(self, subjects: Sequence[Subject]) -> None:
        self.subjects = subjects
        self.by_urn: dict[str, Subject] = {}
        self.by_arn: dict[str, Subject] = {}
        self.buckets: dict[str, Subject] = {}
        self.rest_apis: dict[str, Subject] = {}
        self._associations: dict[str, list[Subject]] = defaultdict(list)
        self._regions: dict[str, RegionVerdict] = {}
        for subject in subjects:
            self._add(subject)

    @classmethod
    def of(cls, resources: Iterable[Any]) -> StackIndex:
        """Index the SDK's ``PolicyResource`` objects."""
        return cls([subject_of(r) for r in resources])

    def _add(self, subject: Subject) -> None:
        props = subject.props
        self.by_urn[subject.urn] = subject
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
        if subject.type == catalog.WAFV2_WEB_ACL_ASSOCIATION:
            target = props.get("resourceArn")
            if isinstance(target, str):
                self._associations[target].append(subject)
            for urn in subject.property_dependencies.get("resourceArn", ()):
                self._associations[urn].append(subject)

    def region(self, subject: Subject) -> RegionVerdict:
        """The effective region of a resource of the stack (computed once)."""
        verdict = self._regions.get(subject.urn)
        if verdict is None:
            verdict = self._regions[subject.urn] = effective_region(subject)
        return verdict

    def dependencies(self, subject: Subject, prop: str) -> list[Subject] | None:
        """The stack resources a top-level property depends on; ``None`` when one is not in the stack."""
        found: list[Subject] = []
        for urn in subject.property_dependencies.get(prop, ()):
            dep = self.by_urn.get(urn)
            if dep is None:
                return None
            found.append(dep)
        return found

    def associations(self, endpoint: Subject) -> list[Subject]:
        """The WAFv2 web ACL associations that target an endpoint (by its ARN or by dependency)."""
        found: dict[str, Subject] = {}
        arn = endpoint.props.get("arn")
        keys = [endpoint.urn, arn] if isinstance(arn, str) else [endpoint.urn]
        for key in keys:
            for association in self._associations.get(key, ()):
                found[association.urn] = association
        return list(found.values())

    def referenced(self, subject: Subject, prop: str, value: Any) -> Subject | None:
        """The resource of the stack a property refers to: by ARN value, else its single dependency."""
        if isinstance(value, str) and value in self.by_arn:
            return self.by_arn[value]
        deps = self.dependencies(subject, prop) or []
        return deps[0] if len(deps) == 1 else None
