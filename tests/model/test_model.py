"""The residency model: regions from botocore, countries from pycountry, zones, data classes."""

from __future__ import annotations

import pytest
from botocore.loaders import Loader

from residency import model


def test_every_botocore_region_is_mapped_to_a_country() -> None:
    data = Loader().load_data("partitions")
    known = {name for p in data["partitions"] for name in p["regions"] if not name.endswith("-global")}
    unmapped = sorted(known - set(model.REGION_COUNTRIES))
    assert not unmapped, f"botocore knows regions the country table does not map: {unmapped}"


def test_country_table_names_only_real_regions_and_iso_countries() -> None:
    assert set(model.REGION_COUNTRIES) <= set(model.regions())
    for code in model.REGION_COUNTRIES.values():
        assert model.country(code) == code


@pytest.mark.parametrize(
    ("region", "country"),
    [
        ("eu-west-2", "GB"),
        ("eu-central-2", "CH"),
        ("il-central-1", "IL"),
        ("eu-west-3", "FR"),
        ("eusc-de-east-1", "DE"),
        ("me-central-1", "AE"),
    ],
)
def test_regions_stand_in_their_country(region: str, country: str) -> None:
    assert model.region(region).country == country


def test_eu_zone_is_the_regions_in_member_states() -> None:
    zone = model.resolve_zone("eu")
    assert zone.regions == {
        "eu-central-1",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "eu-west-1",
        "eu-west-3",
        "eusc-de-east-1",
    }
    assert "eu-west-2" not in zone  # London
    assert "eu-central-2" not in zone  # Zurich
    assert "il-central-1" not in zone
    assert zone.countries() <= model.EU_MEMBER_STATES


def test_eea_adds_iceland_liechtenstein_norway() -> None:
    assert model.COUNTRY_GROUPS["EEA"] - model.COUNTRY_GROUPS["EU"] == {"IS", "LI", "NO"}
    assert len(model.COUNTRY_GROUPS["EU"]) == 27
    assert model.expand_countries(["eea"]) == model.COUNTRY_GROUPS["EEA"]
    assert model.expand_countries(["EU", "ch", " gb "]) == model.EU_MEMBER_STATES | {"CH", "GB"}


@pytest.mark.parametrize(
    ("spec", "regions"),
    [
        ("fr", {"eu-west-3"}),
        ("de", {"eu-central-1", "eusc-de-east-1"}),
        ("gb", {"eu-west-2", "eu-isoe-west-1"}),
        ("aws-eusc", {"eusc-de-east-1"}),
        ("eu-west-3,eu-central-1", {"eu-west-3", "eu-central-1"}),
        (["FR", " eu-west-1 "], {"eu-west-3", "eu-west-1"}),
    ],
)
def test_zone_tokens(spec: str | list[str], regions: set[str]) -> None:
    assert model.resolve_zone(spec).regions == regions


def test_sovereign_partition_is_its_own_partition() -> None:
    assert model.partition_of("eusc-de-east-1") == "aws-eusc"
    assert model.partitions()["aws-eusc"].regions == {"eusc-de-east-1"}
    assert {"aws", "aws-cn", "aws-us-gov", "aws-eusc"} <= set(model.partitions())
    assert model.partition_of("nowhere-1") is None


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("eu-wst-3", "Did you mean 'eu-west-3'?"),
        ("uk", "The ISO 3166-1 code of the United Kingdom is 'GB'."),
        ("xx", "'xx' is not an ISO 3166-1 alpha-2 country code"),
        ("aq", "AWS has no region in Antarctica (AQ)"),
        ("europe", "is not a country group (eu, eea)"),
        ("", "The residency zone is empty"),
    ],
)
def test_bad_zone_tokens_are_explained(spec: str, message: str) -> None:
    with pytest.raises(model.ResidencyError, match=None) as caught:
        model.resolve_zone(spec)
    assert message in str(caught.value)


@pytest.mark.parametrize("code", ["XX", "EL", "U", "123", "EUR", ""])
def test_bad_country_codes_are_rejected(code: str) -> None:
    with pytest.raises(model.ResidencyError):
        model.expand_countries([code])


def test_empty_supported_countries_is_an_error() -> None:
    with pytest.raises(model.ResidencyError, match="empty"):
        model.expand_countries([])


def test_region_lookup_is_exact() -> None:
    assert model.region("eu-west-3").partition == "aws"
    for odd in ["EU-WEST-3", " eu-west-3", "eu-west-3 ", "aws-global"]:
        assert not model.is_region(odd)
        with pytest.raises(model.ResidencyError):
            model.region(odd)
    with pytest.raises(model.ResidencyError, match="Did you mean 'eu-west-3'"):
        model.region("EU-WEST-3")


def test_data_class_defaults_to_customer_content() -> None:
    assert model.data_class_of(None) == model.CUSTOMER_CONTENT
    assert model.data_class_of({}) == model.CUSTOMER_CONTENT
    assert model.data_class_of({"data-class": ""}) == model.CUSTOMER_CONTENT
    assert model.data_class_of({"data-class": 3}) == model.CUSTOMER_CONTENT
    assert model.data_class_of({"data-class": "billing"}) == "billing"
    assert model.data_class_of({"class": "billing"}, tag_key="class") == "billing"


def test_customer_content_can_never_be_exempted() -> None:
    assert model.validate_exempt_classes(["billing", " billing", "service-metadata"]) == ("billing", "service-metadata")
    for bad in (["customer-content"], ["Customer-Content"], [""]):
        with pytest.raises(model.ResidencyError):
            model.validate_exempt_classes(bad)
