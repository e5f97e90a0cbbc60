"""Hypothesis strategies for resources, providers and stacks, and an independent oracle for their regions.

The generators cover every resource type of the installed pulumi-aws (plus the types the policies name and a
few that are not AWS types at all), partial and mistyped properties, secret and unknown values, and providers
with and without a region, in every partition, with odd spellings. The oracle below re-derives the effective
region and the data class from the pack's documented rules with its own code and its own zone tables, so a
change in ``residency.policies._context`` cannot change what the invariants expect.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import pulumi_aws
from baselines import BASELINES
from hypothesis import strategies as st
from policy_harness import UNKNOWN, Diag, Pack, Provider, Secret

from residency import catalog, model
from residency.policies import _rule

# ------------------------------------------------------------------------------------------------------------
# Types
# ------------------------------------------------------------------------------------------------------------


@cache
def installed_types() -> tuple[str, ...]:
    """Every resource type token the installed pulumi-aws registers, sorted."""
    source = (Path(pulumi_aws.__file__).parent / "__init__.py").read_text()
    found = re.search(r'resource_modules="""(.*?)"""', source, re.S)
    assert found, "pulumi_aws/__init__.py no longer registers resource_modules"
    return tuple(sorted({token for module in json.loads(found[1]) for token in module["classes"]}))


#: Types the policies name (catalog constants and the test baselines): sampled more often than the rest.
NAMED_TYPES: Final = tuple(
    sorted(
        {v for k, v in vars(catalog).items() if k.isupper() and isinstance(v, str) and v.startswith("aws:")}
        | set(BASELINES)
    )
)

#: Tokens that are not pulumi-aws resource types, or not well-formed ones.
ODD_TYPES: Final = (
    catalog.AWS_PROVIDER,
    "pulumi:pulumi:Stack",
    "pulumi:providers:random",
    "acme:index:Thing",
    "residency:components:ResidentBucket",
    "aws:",
    "aws:s3",
    "aws::",
    "aws:s3/bucket:Bucket:extra",
    "",
)

aws_types = st.one_of(st.sampled_from(installed_types()), st.sampled_from(NAMED_TYPES))
any_types = st.one_of(aws_types, st.sampled_from(ODD_TYPES))

# ------------------------------------------------------------------------------------------------------------
# Regions and zones (the oracle's own tables)
# ------------------------------------------------------------------------------------------------------------

KNOWN_REGIONS: Final = tuple(sorted(model.regions()))  # botocore's data: every partition

#: The regions of the zones the invariants run with, written out by hand (not computed by the pack).
ZONES: Final[Mapping[str, frozenset[str]]] = {
    "eu": frozenset(
        {"eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3", "eusc-de-east-1"}
    ),
    "fr": frozenset({"eu-west-3"}),
    "eu-central-1,eu-west-1": frozenset({"eu-central-1", "eu-west-1"}),
}

#: The partitions of those zones.
ZONE_PARTITIONS: Final[Mapping[str, frozenset[str]]] = {
    "eu": frozenset({"aws", "aws-eusc"}),
    "fr": frozenset({"aws"}),
    "eu-central-1,eu-west-1": frozenset({"aws"}),
}

#: Spellings that look like regions but are not exactly one.
ODD_REGIONS: Final = (
    "EU-WEST-3",
    "Eu-West-3",
    "eu-west-3 ",
    " eu-west-3",
    "eu-west-3\n",
    "eu-west-3\t",
    "eu_west_3",
    "euwest3",
    "eu-west-99",
    "eu-west-3,us-east-1",
    "eu-west-3\u200b",
    "\u0435u-west-3",  # Cyrillic e
    "global",
    "aws-global",
    "us-east-1 ",
    "US-EAST-1",
    "*",
    "null",
    "None",
    "true",
    " ",
    "",
)

region_strings = st.one_of(
    st.sampled_from(KNOWN_REGIONS),
    st.sampled_from(ODD_REGIONS),
    st.text(max_size=12),
)

#: Every value a `region` property can take: strings, unknowns, secrets and wrong types.
region_values = st.one_of(
    region_strings,
    st.just(UNKNOWN),
    st.builds(Secret, region_strings),
    st.sampled_from([5, 1.5, True, ["eu-west-3"], {"name": "eu-west-3"}]),
)

# ------------------------------------------------------------------------------------------------------------
# Markers: values that must never reach a message
# ------------------------------------------------------------------------------------------------------------

SECRET_MARKER: Final = "SECRETMARKER"
PLAIN_MARKER: Final = "PLAINMARKER"

_MARKER_TEMPLATES: Final = (
    "{m}",
    "arn:aws:kms:us-east-1:123456789012:key/{m}",
    "arn:aws:sqs:eu-west-3:123456789012:{m}",
    "arn:aws:s3:::{m}",
    "arn:aws:s3:::{m}/prefix",
    "arn:aws-cn:s3:::{m}",
    "arn:aws:sqs:{m}:123456789012:q",
    "arn:{m}:sqs:us-east-1:123456789012:q",
    "arn:aws:{m}:us-east-1:123456789012:q",
    "us-{m}",
    "eu-west-3{m}",
    "https://{m}.example.com",
    '{{"Resource": "arn:aws:sqs:us-east-1:1:{m}"}}',
)


def _marked(prefix: str) -> st.SearchStrategy[str]:
    return st.builds(
        lambda template, token: template.format(m=f"{prefix}-{token}"),
        st.sampled_from(_MARKER_TEMPLATES),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
    )


secret_strings = _marked(SECRET_MARKER)
plain_marked_strings = _marked(PLAIN_MARKER)

# ------------------------------------------------------------------------------------------------------------
# ARNs and property values
# ------------------------------------------------------------------------------------------------------------

PARTITIONS: Final = (*sorted(model.partitions()), "AWS", "aws-xx")
SERVICES: Final = ("sqs", "sns", "kms", "kinesis", "firehose", "logs", "rds", "backup", "lambda", "s3", "acm",
                   "wafv2", "dynamodb", "secretsmanager", "iam", "events", "states")

arns = st.builds(
    lambda partition, service, region, resource: f"arn:{partition}:{service}:{region}:123456789012:{resource}",
    st.sampled_from(PARTITIONS),
    st.sampled_from(SERVICES),
    st.one_of(st.sampled_from(KNOWN_REGIONS), st.sampled_from(("", "EU-WEST-3", "eu-west-99"))),
    st.sampled_from(("q", "key/k", "stream/s", "db:src", "backup-vault:v", "table/t", "function:f")),
)
bucket_arns = st.builds(lambda name: f"arn:aws:s3:::{name}", st.sampled_from(("data-eu", "logs", "b", "x-y")))

#: Values that the policies compare against (enum strings, flags).
ENUM_STRINGS: Final = ("REGIONAL", "EDGE", "PRIVATE", "edge", "NONE", "none", "AWS_IAM", "API_KEY", "CLOUDFRONT",
                       "whitelist", "blacklist", "application", "network", "PUBLIC", "VPC", "OPTIONS", "GET",
                       "true", "false", "True", "FR", "US", "us ", "fr")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-5, max_value=5000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=16),
    st.sampled_from(ENUM_STRINGS),
    region_strings,
    arns,
    bucket_arns,
    plain_marked_strings,
    st.just(UNKNOWN),
)

values: st.SearchStrategy[Any] = st.recursive(
    st.one_of(scalars, st.builds(Secret, st.one_of(scalars, secret_strings)), secret_strings.map(Secret)),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
        st.dictionaries(st.sampled_from(("types", "regionName", "region", "targetArn", "destination", "bucket",
                                         "statement", "geoMatchStatement", "countryCodes", "block", "allow",
                                         "restrictionType", "locations", "onFailure", "dataTraceEnabled",
                                         "cachingEnabled", "rules", "priority", "action", "copyActions",
                                         "destinationVaultArn", "lambdaFunctionAssociations")),
                        children, max_size=4),
        st.builds(Secret, children),
    ),
    max_leaves=12,
)

#: Top-level properties the policies read somewhere.
WELL_KNOWN_KEYS: Final = (
    "region", "tags", "tagsAll", "replicas", "rules", "restrictions", "defaultAction", "endpointConfiguration",
    "deadLetterConfig", "authorization", "authorizationType", "internal", "loadBalancerType", "arn", "id",
    "webAclId", "webAclArn", "resourceArn", "restApi", "settings", "multiRegion", "kmsKeyArn", "destinationArn",
    "replicateSourceDb", "bucket", "scope", "target", "endpointType", "httpMethod", "apiKeyRequired",
    "cacheClusterEnabled", "retentionInDays", "defaultCacheBehavior", "orderedCacheBehaviors",
    "destinationConfig", "replicationConfiguration", "visibility", "policy", "sourceArn", "ruleJson",
)

#: Values of the data-class tag: the exempt classes, near misses and wrong types.
DATA_CLASSES: Final = ("billing", "service-metadata", "Billing", "Billing ", "BILLING", " billing",
                       "billing\u200b", "customer-content", "other", "")
data_class_values = st.one_of(
    st.sampled_from(DATA_CLASSES),
    st.builds(Secret, st.sampled_from(DATA_CLASSES)),
    st.just(UNKNOWN),
    st.sampled_from([5, None, True, ["billing"]]),
)
tag_maps = st.one_of(
    st.dictionaries(st.sampled_from(("data-class", "team", "Data-Class", "data-class ")), data_class_values,
                    max_size=3),
    st.just(UNKNOWN),
    st.builds(Secret, st.fixed_dictionaries({"data-class": st.sampled_from(DATA_CLASSES)})),
    st.sampled_from(["not a map", 7, ["billing"]]),
)


@st.composite
def resource_props(draw: st.DrawFn, type_token: str) -> dict[str, Any]:
    """Partial, mistyped, secret and unknown inputs for a type (a varied baseline where one exists)."""
    props: dict[str, Any] = {}
    baseline = BASELINES.get(type_token)
    if baseline and draw(st.booleans()):
        for key, value in baseline.items():
            choice = draw(st.integers(0, 3))
            if choice == 0:
                props[key] = value
            elif choice == 1:
                props[key] = draw(values)
            elif choice == 2:
                props[key] = Secret(value)
    props.update(draw(st.dictionaries(st.sampled_from(WELL_KNOWN_KEYS), values, max_size=4)))
    props.update(draw(st.dictionaries(st.text(max_size=12), values, max_size=2)))
    if draw(st.booleans()):
        props["region"] = draw(st.one_of(region_values, st.none()))
    if draw(st.booleans()):
        props[draw(st.sampled_from(("tags", "tagsAll")))] = draw(tag_maps)
    if type_token.startswith("aws:wafv2/") and draw(st.booleans()):
        props["scope"] = draw(st.sampled_from(["CLOUDFRONT", "REGIONAL", "cloudfront", Secret("CLOUDFRONT")]))
    return props


PROVIDER_NAMES: Final = ("default_7_51_1", "eu", "aws-eu-paris", "prod", "analytics", "x y", "provider-\u00e9")


@st.composite
def providers(draw: st.DrawFn) -> Provider | None:
    """No provider, or an AWS provider with odd or missing region and default tags."""
    if draw(st.integers(0, 7)) == 0:
        return None
    props: dict[str, Any] = {"version": "7.51.1"}
    if draw(st.integers(0, 5)) != 0:
        props["region"] = draw(region_values)
    if draw(st.booleans()):
        tags = draw(st.dictionaries(st.sampled_from(("data-class", "team")), st.sampled_from(DATA_CLASSES),
                                    max_size=2))
        props["defaultTags"] = draw(st.sampled_from([
            {"tags": tags}, Secret(json.dumps({"tags": tags})), json.dumps({"tags": tags}), UNKNOWN, "not json",
            "[1]", '{"tags": 5}',
        ]))
    if draw(st.booleans()):
        props["skipRegionValidation"] = draw(st.sampled_from(["true", "false", True]))
    if draw(st.booleans()):
        props["accessKey"] = Secret(draw(secret_strings))
    return Provider(props, draw(st.one_of(st.sampled_from(PROVIDER_NAMES), st.text(min_size=1, max_size=8))))


# ------------------------------------------------------------------------------------------------------------
# The oracle
# ------------------------------------------------------------------------------------------------------------

EXEMPT: Final = frozenset({"billing", "service-metadata"})


def unwrap(value: Any) -> Any:
    """What a policy sees in ``Analyze``: secrets unwrapped (recursively), numbers as floats."""
    if isinstance(value, Secret):
        return unwrap(value.value)
    if isinstance(value, Mapping):
        return {str(k): unwrap(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [unwrap(v) for v in value]
    return value


def wire_provider_props(provider: Provider) -> dict[str, Any]:
    """A provider's inputs as the pack receives them (non-strings JSON-encoded, secrets unwrapped)."""
    return {k: unwrap(v) if isinstance(v, str | Secret) else json.dumps(v) for k, v in provider.props.items()}


@dataclass(frozen=True)
class Where:
    """The oracle's verdict on a resource's region: ``known`` (with ``region``), ``unknown``, ``bad``, ``global``."""

    state: str
    region: str | None = None


def _judge(value: Any) -> Where:
    if value == UNKNOWN:
        return Where("unknown")
    if isinstance(value, str) and value in KNOWN_REGIONS:
        return Where("known", value)
    return Where("bad")


def effective_where(type_token: str, props: Mapping[str, Any], provider: Provider | None) -> Where:
    """The effective region by the documented rule: own ``region``, else the provider's; globals have none."""
    seen = unwrap(props)
    if type_token == catalog.AWS_PROVIDER:
        own = seen.get("region")
        return Where("bad") if own in (None, "") else _judge(own)
    if catalog.is_global(type_token) or (type_token.startswith("aws:wafv2/") and seen.get("scope") == "CLOUDFRONT"):
        return Where("global")
    own = seen.get("region")
    if own is not None:
        return _judge(own)
    if provider is None:
        return Where("unknown")
    region = wire_provider_props(provider).get("region")
    return Where("bad") if region in (None, "") else _judge(region)


def declared_class(props: Mapping[str, Any], provider: Provider | None) -> str | None:
    """The data class: the key in ``tags``, else in the provider's default tags, else in a known ``tagsAll``.

    ``None`` when it cannot be known: an unknown ``tags`` or default-tags map (it could hold the key), an
    unknown tag value, or an unknown ``tagsAll`` that nothing else decides. Not a plain non-empty string:
    customer content.
    """
    seen = unwrap(props)
    default_tags: Any = None
    if provider is not None:
        raw = wire_provider_props(provider).get("defaultTags")
        if raw == UNKNOWN:
            default_tags = UNKNOWN
        elif isinstance(raw, str):
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = {}
            default_tags = parsed.get("tags") if isinstance(parsed, Mapping) else None
    undecided = False
    for name, source in (("tags", seen.get("tags")), ("default", default_tags), ("tagsAll", seen.get("tagsAll"))):
        if source == UNKNOWN:
            undecided = True
            if name == "tagsAll":
                continue
            return None
        if isinstance(source, Mapping) and "data-class" in source:
            value = source["data-class"]
            if value == UNKNOWN:
                return None
            return value if isinstance(value, str) and value else model.CUSTOMER_CONTENT
    return None if undecided else model.CUSTOMER_CONTENT


def kind_of(type_token: str) -> catalog.Kind:
    """The catalog's kind of a type (the catalog is the specification of what a type does with data)."""
    return catalog.classify(type_token).kind


# ------------------------------------------------------------------------------------------------------------
# Packs and the invariants of every call
# ------------------------------------------------------------------------------------------------------------

_PACKS: dict[tuple[str, bool], Pack] = {}


def pack_for(zone: str, undetermined_is_mandatory: bool) -> Pack:
    """One configured pack per configuration (configuring is what the engine does once per run)."""
    key = (zone, undetermined_is_mandatory)
    if key not in _PACKS:
        _PACKS[key] = Pack({"zone": zone, "undeterminedIsMandatory": undetermined_is_mandatory})
    return _PACKS[key]


def assert_clean(diags: list[Diag]) -> None:
    """No secret or raw value in any message, no SDK fallback, and undetermined findings routed by level."""
    for d in diags:
        assert SECRET_MARKER not in d.full_message, d
        assert PLAIN_MARKER not in d.full_message, d
        assert "can't run policy" not in d.full_message, d  # an UnknownValueError reached the SDK
        assert d.level in ("mandatory", "advisory"), d
        if d.policy.startswith("residency-undetermined"):
            assert d.level == "advisory"
            assert d.message.startswith(_rule.UNDETERMINED_PREFIX), d
