"""The catalog classifies every resource type of the installed pulumi-aws, and knows which are global."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pulumi_aws
import pytest

from residency import catalog as c

PACKAGE = Path(pulumi_aws.__file__).parent


@cache
def installed_types() -> frozenset[str]:
    """Every resource type token the installed pulumi-aws registers (its resource_modules JSON)."""
    source = (PACKAGE / "__init__.py").read_text()
    found = re.search(r'resource_modules="""(.*?)"""', source, re.S)
    assert found, "pulumi_aws/__init__.py no longer registers resource_modules"
    return frozenset(token for module in json.loads(found[1]) for token in module["classes"])


@cache
def types_without_region() -> frozenset[str]:
    """Types whose resource class sets no `region` input (scanned from the SDK source)."""
    token_re = re.compile(r"super\(\w+, __self__\).__init__\(\s*'(aws:[^']+)'")
    without = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        for match in token_re.finditer(text):
            if '__props__.__dict__["region"] = region' not in text:
                without.add(match[1])
    return frozenset(without)


def test_enumeration_is_sane() -> None:
    assert len(installed_types()) > 1500
    assert c.S3_BUCKET in installed_types()


def test_every_installed_type_is_explicitly_classified() -> None:
    unclassified = sorted(t for t in installed_types() if not c.classify(t).explicit)
    assert unclassified == [], "classify these modules or types in src/residency/catalog.py"


def test_every_module_is_classified_exactly_once() -> None:
    modules = [*c._AT_REST_MODULES, *c._PROCESSING_MODULES, *c._CONTROL_MODULES]
    assert len(modules) == len(set(modules))
    assert {c.module_of(t) for t in installed_types()} <= set(modules)


def test_overrides_and_constants_name_real_types() -> None:
    assert set(c.TYPE_OVERRIDES) <= installed_types()
    assert set(c.GLOBAL_TYPES) <= installed_types()
    constants = {v for k, v in vars(c).items() if k.isupper() and isinstance(v, str) and v.startswith("aws:")}
    assert constants - installed_types() == set()


def test_global_list_matches_the_region_inputs_of_the_sdk() -> None:
    declared_global = {t for t in installed_types() if c.is_global(t)}
    assert declared_global == types_without_region() & installed_types()
    assert {c.module_of(t) for t in declared_global} >= {
        "iam",
        "cloudfront",
        "organizations",
        "shield",
        "globalaccelerator",
    }


@pytest.mark.parametrize(
    ("token", "kind", "is_global"),
    [
        (c.S3_BUCKET, c.Kind.AT_REST, False),
        (c.LAMBDA_FUNCTION, c.Kind.PROCESSING, False),
        ("aws:iam/role:Role", c.Kind.CONTROL, True),
        ("aws:ec2/securityGroup:SecurityGroup", c.Kind.CONTROL, False),
        ("aws:ec2/instance:Instance", c.Kind.PROCESSING, False),
        (c.LOG_GROUP, c.Kind.AT_REST, False),
        ("aws:cloudwatch/metricAlarm:MetricAlarm", c.Kind.CONTROL, False),
        (c.CLOUDFRONT_DISTRIBUTION, c.Kind.PROCESSING, True),
        ("aws:route53/record:Record", c.Kind.CONTROL, True),
        ("aws:route53/resolverEndpoint:ResolverEndpoint", c.Kind.CONTROL, False),
        ("aws:sqs/queue:Queue", c.Kind.AT_REST, False),
    ],
)
def test_examples(token: str, kind: c.Kind, is_global: bool) -> None:
    found = c.classify(token)
    assert (found.kind, found.is_global, found.explicit) == (kind, is_global, True)


def test_unknown_types_fail_closed() -> None:
    found = c.classify("aws:quantumstore/vault:Vault")
    assert (found.kind, found.explicit) == (c.Kind.AT_REST, False)
    assert c.classify("not-a-token").kind is c.Kind.AT_REST
    assert c.module_of("random:index/randomPet:RandomPet") == ""
