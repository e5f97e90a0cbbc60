"""Validated configuration: one readable paragraph for every kind of bad input."""

from __future__ import annotations

import pytest

from residency.config import ConfigError, PackSettings, StackSettings


def test_defaults() -> None:
    stack = StackSettings.parse({}, "Pulumi.dev.yaml")
    assert stack.resolved_zone.spec == ("eu",)
    assert "FR" in stack.countries
    assert "NO" in stack.countries
    assert "CH" not in stack.countries
    assert stack.log_retention_days == 7
    pack = PackSettings.parse({}, "pack config")
    assert pack.exempt_classes == ["service-metadata", "billing"]
    assert pack.undetermined_is_mandatory is True


def test_camel_case_keys_and_comma_strings() -> None:
    stack = StackSettings.parse(
        {"zone": "fr", "region": "eu-west-3", "supportedCountries": "FR, be", "allowedAccountIds": ["123456789012"]},
        "Pulumi.prod.yaml",
    )
    assert stack.resolved_zone.regions == {"eu-west-3"}
    assert stack.countries == {"FR", "BE"}
    assert stack.allowed_account_ids == ["123456789012"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"region": "eu-wst-3"},
            "residency:region = 'eu-wst-3': 'eu-wst-3' is not an AWS region botocore knows. Did you mean 'eu-west-3'?",
        ),
        ({"region": "eu-west-2"}, "region 'eu-west-2' (Europe (London)) is outside the residency zone 'eu'"),
        ({"zone": "gb", "region": "eu-west-3"}, "is outside the residency zone 'gb'"),
        ({"zoen": "eu"}, "unknown key 'residency:zoen', did you mean 'zone'?"),
        ({"supportedCountries": "EEA,UK"}, "The ISO 3166-1 code of the United Kingdom is 'GB'."),
        ({"allowedAccountIds": ["12345"]}, "'12345' is not an AWS account id (twelve digits)"),
        ({"logRetentionDays": 0}, "0 is not a CloudWatch Logs retention"),
        ({"zone": ""}, "The residency zone is empty"),
    ],
)
def test_bad_stack_config_is_one_clear_paragraph(values: dict[str, object], expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        StackSettings.parse(values, "Pulumi.dev.yaml")
    message = str(caught.value)
    assert message.startswith("Invalid configuration in Pulumi.dev.yaml: ")
    assert expected in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_bad_pack_config_names_every_problem() -> None:
    with pytest.raises(ConfigError) as caught:
        PackSettings.parse(
            {
                "exemptClasses": ["customer-content"],
                "supportedCountries": ["EEA", "ZZ"],
                "undeterminedIsMandatory": "maybe",
            },
            "policy config",
        )
    message = str(caught.value)
    assert "'customer-content' cannot be exempted" in message
    assert "'ZZ' is not an ISO 3166-1 alpha-2 country code" in message
    assert "undeterminedIsMandatory" in message


def test_settings_are_frozen() -> None:
    pack = PackSettings.parse({}, "x")
    with pytest.raises(Exception, match="frozen"):
        pack.zone = ["us"]  # type: ignore[misc]
