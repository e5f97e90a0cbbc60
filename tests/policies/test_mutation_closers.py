"""Tests that kill the mutants tools/mutation_check.py found surviving (one test per survivor, named after it).

Each test pins a behaviour no other test pinned: when the mutation named in its docstring is applied, it fails.
"""

from __future__ import annotations

from typing import Any

import pytest
from baselines import EU
from policy_harness import UNKNOWN, Pack, Res, only, provider, single

from residency import catalog as c
from residency import model
from residency.config import PackSettings
from residency.policies._memory import Memory
from residency.policies._places import Ctx
from residency.policies._stack import StackIndex
from residency.policies._values import ProviderView, Subject
from residency.policies.exposure import acl_problem
from residency.policies.region import data_at_rest_check

EEA = model.expand_countries(["EEA"])
NO_WAF = ("This internet-facing {} has no WAFv2 web ACL association, so requests from any country reach it. "
          "Associate a web ACL that blocks countries outside the supported ones.")


def geo(*codes: str) -> dict[str, Any]:
    return {"geoMatchStatement": {"countryCodes": list(codes)}}


def rule(priority: int, action: str, statement: dict[str, Any]) -> dict[str, Any]:
    return {"name": f"r{priority}", "priority": priority, "action": {action: {}}, "statement": statement}


def test_empty_provider_region_reads_as_no_region(pack: Pack) -> None:
    """flip:provider-empty-region: ``""`` is reported as a missing region, with the fix that goes with it."""
    d = single(pack.analyze(c.S3_BUCKET, {"bucket": "b"}, provider=provider("", name="eu")))
    assert (d.policy, d.level) == ("residency-region-determined", "mandatory")
    assert d.message == (
        "Provider 'eu' has no `region`, so AWS would take the region from the environment (AWS_REGION or the "
        "profile) and residency cannot be checked; set `aws:region` or the provider's `region`. Use a region "
        f"of {EU}."
    )


@pytest.mark.parametrize("value", ["true", "True", " true"])
def test_multi_region_key_given_as_a_string(pack: Pack, value: str) -> None:
    """flip:kms-multi-region-strict: a provider-style string ``"true"`` is a multi-Region key too."""
    d = single(only(pack.analyze(c.KMS_KEY, {"multiRegion": value}), "side-door-multi-region"))
    assert d.level == "advisory"
    assert d.message.startswith("`multiRegion` makes it multi-Region.")


def test_country_codes_are_compared_case_and_blank_insensitively() -> None:
    """flip:country-codes-raw: `` fr`` and ``de `` are FR and DE (no false positive on spelling)."""
    allow_eu = {"defaultAction": {"block": {}}, "rules": [rule(1, "allow", geo(" fr", "de "))]}
    assert acl_problem(allow_eu, EEA) is None
    others = sorted(model.iso_countries() - EEA)
    block_rest = {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", geo(*(x.lower() for x in others)))]}
    assert acl_problem(block_rest, EEA) is None
    not_eu = {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", {"notStatement": {"statement": geo("fr ")}})]}
    assert acl_problem(not_eu, EEA) is None


def test_not_geo_block_that_spares_a_foreign_country_fails() -> None:
    """flip:not-geo-any: ``BLOCK NOT geo(FR, US)`` lets US through, so it does not block every other country."""
    spare_us = {"notStatement": {"statement": geo("FR", "US")}}
    acl = {"defaultAction": {"allow": {}}, "rules": [rule(1, "block", spare_us)]}
    assert acl_problem(acl, EEA) == "requests from US reach it: no rule blocks them and the default action is ALLOW"


def test_stage_of_an_api_outside_the_stack_is_assumed_internet_facing(pack: Pack) -> None:
    """flip:unknown-api-private: a stage whose REST API is not in the stack needs a geo-blocking web ACL."""
    stage = Res(c.APIGW_STAGE, "prod", {"restApi": "abc123", "stageName": "prod"})
    d = single(pack.analyze_stack([stage]))
    assert (d.policy, d.level, d.urn) == ("exposure-geo-restriction", "mandatory", stage.urn)
    assert d.message == NO_WAF.format("API Gateway REST stage")


def test_application_load_balancer_without_internal_is_internet_facing(pack: Pack) -> None:
    """flip:alb-internal-default: ``internal`` defaults to false in AWS, so its absence means public."""
    lb = Res(c.LB_LOAD_BALANCER, "web", {"loadBalancerType": "application"})
    d = single(pack.analyze_stack([lb]))
    assert (d.policy, d.level, d.urn) == ("exposure-geo-restriction", "mandatory", lb.urn)
    assert d.message == NO_WAF.format("application load balancer")


@pytest.mark.parametrize("types", [["edge"], ["Regional "], ["REGIONAL", "EDGE "], [5], [UNKNOWN], [None]])
def test_unrecognised_endpoint_types_fail_closed(pack: Pack, types: list[Any]) -> None:
    """flip:edge-unrecognised-passes: only REGIONAL and PRIVATE, spelled exactly, are accepted."""
    props = {"name": "api", "endpointConfiguration": {"types": types}}
    d = single(only(pack.analyze(c.APIGW_REST_API, props), "stateless-edge-endpoint"))
    assert d.level == "mandatory"
    assert d.message == (
        "`endpointConfiguration.types` includes EDGE (or an unrecognised value), which terminates requests at "
        "CloudFront locations worldwide. Use REGIONAL or PRIVATE."
    )


@pytest.mark.parametrize("types", [["REGIONAL"], ["PRIVATE"], "REGIONAL"])
def test_regional_and_private_endpoint_types_pass(pack: Pack, types: Any) -> None:
    props = {"name": "api", "endpointConfiguration": {"types": types}}
    assert only(pack.analyze(c.APIGW_REST_API, props), "stateless-edge-endpoint") == []


def _subject(name: str, deps: dict[str, tuple[str, ...]]) -> Subject:
    urn = f"urn:pulumi:dev::p::{c.LOG_GROUP}::{name}"
    view = ProviderView("default", "urn:provider", {"region": "eu-west-3"})
    return Subject(c.LOG_GROUP, name, urn, {}, view, deps)


def test_a_dependency_outside_the_stack_makes_the_dependencies_unknown() -> None:
    """flip:dangling-dependency-ignored: one dependency outside the stack means "cannot tell", not "the rest".

    The SDK drops dependency URNs that are not in the request before a policy sees them, so this is checked on
    the index itself: a value derived from a resource of this stack *and* one elsewhere must not be judged by
    the local one alone.
    """
    local = _subject("local", {})
    foreign = "urn:pulumi:other::p::aws:kms/key:Key::elsewhere"
    mixed = _subject("mixed", {"kmsKeyId": (local.urn, foreign)})
    index = StackIndex([local, mixed])
    assert index.dependencies(mixed, "kmsKeyId") is None
    assert index.dependencies(_subject("plain", {"kmsKeyId": (local.urn,)}), "kmsKeyId") == [local]


def test_customer_content_is_never_exempt_even_if_settings_say_so() -> None:
    """flip:ctx-exempt-content: the guard holds even for settings that skipped validation."""
    settings = PackSettings.model_construct(
        zone=["eu"], supported_countries=["EEA"], data_class_tag="data-class",
        exempt_classes=[model.CUSTOMER_CONTENT, "billing"], undetermined_is_mandatory=True,
    )
    ctx = Ctx(settings, model.resolve_zone(["eu"]), frozenset({"FR"}), frozenset({"aws"}), frozenset({"FR"}),
              Memory())
    assert ctx.exempt("billing")
    assert not ctx.exempt(model.CUSTOMER_CONTENT)
    tags = {"data-class": model.CUSTOMER_CONTENT}
    subject = Subject(c.S3_BUCKET, "b", "urn:b", {"region": "us-east-1", "tags": tags}, None)
    findings = list(data_at_rest_check(subject, ctx))
    assert [f.message.split(" (")[0] for f in findings] == ["Stores data in us-east-1"]


def test_arns_in_policy_documents_are_grants_not_destinations(pack: Pack) -> None:
    """flip:arn-policy-documents-scanned: a queue policy naming a foreign topic moves no data out."""
    document = ('{"Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, '
                '"Action": "sqs:SendMessage", "Resource": "*", "Condition": {"ArnEquals": '
                '{"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:alerts"}}}]}')
    assert only(pack.analyze("aws:sqs/queuePolicy:QueuePolicy", {"queueUrl": "q", "policy": document}),
                "side-door-destination") == []
    assert only(pack.analyze("aws:sqs/queue:Queue", {"name": "q", "policy": document}),
                "side-door-destination") == []
    redrive = '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq", "maxReceiveCount": 3}'
    d = single(only(pack.analyze("aws:sqs/queue:Queue", {"name": "q", "redrivePolicy": redrive}),
                    "side-door-destination"))
    assert d.message.startswith("`redrivePolicy.deadLetterTargetArn` refers to a resource of sqs in us-east-1")
