"""PinnedProvider: an explicit aws.Provider in one region of the zone, refusing anything else."""

from __future__ import annotations

import json

import pytest

from residency.components import ComponentArgumentError, PinnedProvider, pinned_provider_args
from residency.config import ConfigError, StackSettings
from residency.model import resolve_zone

PROVIDER = "pulumi:providers:aws"


def test_pins_region_and_sets_default_tags(program) -> None:
    recording = program(lambda: PinnedProvider("paris", {"region": "eu-west-3", "zone": "eu"}))
    provider = recording.one(PROVIDER)
    assert provider.name == "paris-aws"
    assert provider.inputs["region"] == "eu-west-3"
    # Provider inputs reach the engine as strings; nested values as JSON.
    assert json.loads(provider.inputs["defaultTags"]) == {
        "tags": {"data-class": "customer-content", "residency-zone": "eu"}
    }
    assert "allowedAccountIds" not in provider.inputs
    component = recording.one("residency:components:PinnedProvider")
    assert provider.parent == component.urn
    assert component.outputs == {
        "region": "eu-west-3",
        "zone_label": "eu",
        "partition": "aws",
        "data_class_tag": "data-class",
        "data_class": "customer-content",
        "account_id": "123456789012",
    }


def test_configured_tag_key_data_class_and_accounts(program) -> None:
    recording = program(
        lambda: PinnedProvider(
            "frankfurt",
            {
                "region": "eu-central-1",
                "zone": ["de", "fr"],
                "data_class_tag": "classification",
                "data_class": "service-metadata",
                "allowed_account_ids": ["123456789012"],
            },
        )
    )
    provider = recording.one(PROVIDER)
    assert provider.inputs["region"] == "eu-central-1"
    assert json.loads(provider.inputs["defaultTags"]) == {
        "tags": {"classification": "service-metadata", "residency-zone": "de+fr"}
    }
    assert json.loads(provider.inputs["allowedAccountIds"]) == ["123456789012"]


def test_caller_identity_is_looked_up_through_the_pinned_provider(program) -> None:
    recording = program(lambda: PinnedProvider("paris", {"region": "eu-west-3"}))
    (call,) = recording.calls
    assert call.token == "aws:index/getCallerIdentity:getCallerIdentity"
    assert call.provider.startswith(recording.one(PROVIDER).urn + "::")


def test_accepts_a_resolved_zone(program) -> None:
    recording = program(
        lambda: PinnedProvider("dublin", {"region": "eu-west-1", "zone": resolve_zone("eea")})
    )
    assert recording.one(PROVIDER).inputs["region"] == "eu-west-1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"region": "eu-west-2", "zone": "eu"},
            "PinnedProvider 'p': region: region 'eu-west-2' is outside the residency zone 'eu', whose "
            "regions are eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3, "
            "eusc-de-east-1.",
        ),
        (
            {"region": "eu-central-2", "zone": "eu"},
            "region 'eu-central-2' is outside the residency zone 'eu'",
        ),
        ({"region": "us-east-1"}, "region 'us-east-1' is outside the residency zone 'eu'"),
        (
            {"region": "eu-wst-3"},
            "PinnedProvider 'p': region: 'eu-wst-3' is not an AWS region botocore knows. "
            "Did you mean 'eu-west-3'?",
        ),
        ({"region": "eu-west-3", "zone": "atlantis"}, "PinnedProvider 'p': zone: Zone 'atlantis' is not"),
        (
            {"region": "eu-west-3", "allowed_account_ids": ["12345"]},
            "allowed_account_ids: '12345' is not an AWS account id (twelve digits).",
        ),
        ({"region": "eu-west-3", "data_class_tag": " "}, "data_class_tag: ' ' is not a tag key"),
        ({"region": "eu-west-3", "data_class": ""}, "data_class: '' is not a data class"),
    ],
)
def test_refusals_before_registering_anything(refused, args, message: str) -> None:
    error, recording = refused(lambda: PinnedProvider("p", args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert recording.resources == []
    assert recording.calls == []


@pytest.mark.parametrize("region", ["eu-west-2", "eu-central-2"])
def test_london_and_zurich_are_not_in_zone_eu(refused, region: str) -> None:
    error, recording = refused(lambda: PinnedProvider("p", {"region": region, "zone": "eu"}))
    assert f"region {region!r} is outside the residency zone 'eu'" in str(error)
    assert recording.resources == []


def test_args_from_settings_prefer_residency_region() -> None:
    settings = StackSettings.parse(
        {"zone": "eu", "region": "eu-central-1", "allowedAccountIds": ["123456789012"], "dataClassTag": "dc"},
        "Pulumi.dev.yaml",
    )
    args = pinned_provider_args(settings, "eu-west-3", "Pulumi.dev.yaml")
    assert args["region"] == "eu-central-1"
    assert args["data_class_tag"] == "dc"
    assert list(args["allowed_account_ids"]) == ["123456789012"]
    assert pinned_provider_args(StackSettings.parse({}, "x"), "eu-west-3", "x")["region"] == "eu-west-3"


@pytest.mark.parametrize(
    ("values", "aws_region", "message"),
    [
        (
            {},
            "us-east-1",
            "Invalid configuration in Pulumi.dev.yaml: aws:region = 'us-east-1' (US East (N. Virginia)) "
            "is outside the residency zone 'eu', whose regions are eu-central-1, eu-north-1, eu-south-1, "
            "eu-south-2, eu-west-1, eu-west-3, eusc-de-east-1; set aws:region to one of them.",
        ),
        (
            {},
            "eu-wst-3",
            "Invalid configuration in Pulumi.dev.yaml: aws:region = 'eu-wst-3': 'eu-wst-3' is not an "
            "AWS region botocore knows. Did you mean 'eu-west-3'?",
        ),
        ({}, None, "no region is set; set aws:region (or residency:region)"),
    ],
)
def test_args_from_settings_refuse_bad_aws_region(values, aws_region, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        pinned_provider_args(StackSettings.parse(values, "Pulumi.dev.yaml"), aws_region, "Pulumi.dev.yaml")
    assert str(caught.value) == message or message in str(caught.value)
    assert "\n" not in str(caught.value)
