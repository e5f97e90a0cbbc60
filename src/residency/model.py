"""The residency model: AWS regions and partitions, the countries they stand in, zones and data classes.

Pure Python, no Pulumi import: the components, the policy pack and the CLI all decide residency from here.

Two rules shape this module:

* A region's *name* says nothing reliable about residency (``eu-west-2`` is London, ``eu-central-2`` is
  Zurich, ``il-central-1`` is Israel). Zones are therefore defined by the country each region physically
  stands in, taken from one curated table (:data:`REGION_COUNTRIES`).
* The list of regions comes from botocore's partition data, a maintained source. A region that botocore knows
  and the table does not map makes the test suite fail, so a new region is never silently allowed; at run time
  an unmapped region simply belongs to no country and therefore to no zone (fail closed).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

import pycountry

from residency import aws

# --------------------------------------------------------------------------------------------------------------
# Regions and partitions
# --------------------------------------------------------------------------------------------------------------

#: Where each AWS region physically stands, as an ISO 3166-1 alpha-2 code.
#: Source: the AWS "Regions and Availability Zones" documentation and each region's launch announcement
#: (the city in botocore's region description), checked 2026-11. The aws-iso-e partition (ADC-E) is the UK's.
REGION_COUNTRIES: Mapping[str, str] = MappingProxyType(
    {
        # aws (commercial)
        "af-south-1": "ZA",  # Cape Town
        "ap-east-1": "HK",  # Hong Kong
        "ap-east-2": "TW",  # Taipei
        "ap-northeast-1": "JP",  # Tokyo
        "ap-northeast-2": "KR",  # Seoul
        "ap-northeast-3": "JP",  # Osaka
        "ap-south-1": "IN",  # Mumbai
        "ap-south-2": "IN",  # Hyderabad
        "ap-southeast-1": "SG",  # Singapore
        "ap-southeast-2": "AU",  # Sydney
        "ap-southeast-3": "ID",  # Jakarta
        "ap-southeast-4": "AU",  # Melbourne
        "ap-southeast-5": "MY",  # Malaysia
        "ap-southeast-6": "NZ",  # New Zealand
        "ap-southeast-7": "TH",  # Thailand
        "ca-central-1": "CA",  # Montreal
        "ca-west-1": "CA",  # Calgary
        "eu-central-1": "DE",  # Frankfurt
        "eu-central-2": "CH",  # Zurich: not in the EU
        "eu-north-1": "SE",  # Stockholm
        "eu-south-1": "IT",  # Milan
        "eu-south-2": "ES",  # Aragon
        "eu-west-1": "IE",  # Dublin
        "eu-west-2": "GB",  # London: not in the EU
        "eu-west-3": "FR",  # Paris
        "il-central-1": "IL",  # Tel Aviv
        "me-central-1": "AE",  # UAE
        "me-south-1": "BH",  # Bahrain
        "me-west-1": "SA",  # Saudi Arabia
        "mx-central-1": "MX",  # Querétaro
        "sa-east-1": "BR",  # São Paulo
        "sa-west-1": "CL",  # Chile
        "us-east-1": "US",
        "us-east-2": "US",
        "us-west-1": "US",
        "us-west-2": "US",
        # aws-cn
        "cn-north-1": "CN",  # Beijing
        "cn-northwest-1": "CN",  # Ningxia
        # aws-eusc: the AWS European Sovereign Cloud
        "eusc-de-east-1": "DE",  # Brandenburg
        # aws-us-gov
        "us-gov-east-1": "US",
        "us-gov-west-1": "US",
        # isolated partitions
        "us-iso-east-1": "US",
        "us-iso-west-1": "US",
        "us-isob-east-1": "US",
        "us-isob-west-1": "US",
        "eu-isoe-west-1": "GB",
        "us-isof-east-1": "US",
        "us-isof-south-1": "US",
    }
)


@dataclass(frozen=True, slots=True)
class Region:
    """One AWS region: its name, partition, botocore description and the country it stands in."""

    name: str
    partition: str
    description: str
    country: str | None


class ResidencyError(ValueError):
    """A region, country, zone or data class that the model does not accept; the message says what would be."""


@cache
def regions() -> Mapping[str, Region]:
    """Every AWS region botocore knows, by name, with the country it stands in (``None``: not yet mapped)."""
    found: dict[str, Region] = {}
    for partition in aws.partitions().values():
        for name in partition.regions:
            found[name] = Region(name, partition.name, partition.descriptions[name], REGION_COUNTRIES.get(name))
    return MappingProxyType(found)


def partitions() -> Mapping[str, aws.Partition]:
    """Every AWS partition botocore knows, by name."""
    return aws.partitions()


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def region(name: str) -> Region:
    """The region called exactly ``name``; a :class:`ResidencyError` with a suggestion otherwise.

    No case folding or trimming: the policy pack treats ``"EU-WEST-3"`` as unrecognised rather than guessing.
    """
    known = regions()
    if name in known:
        return known[name]
    raise ResidencyError(f"{name!r} is not an AWS region botocore knows.{_suggest(name.strip().lower(), known)}")


#: Whether a value is exactly the name of a known region; the partition of a known region.
is_region = aws.is_region
partition_of = aws.partition_of


# --------------------------------------------------------------------------------------------------------------
# Countries and country groups
# --------------------------------------------------------------------------------------------------------------

#: The 27 member states of the European Union (ISO 3166-1 alpha-2; Greece is GR, not EL).
EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)

#: Named groups of countries. Keys are upper case; look-ups fold case.
COUNTRY_GROUPS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "EU": EU_MEMBER_STATES,
        "EEA": EU_MEMBER_STATES | {"IS", "LI", "NO"},
    }
)


@cache
def iso_countries() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code pycountry knows."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


def country(code: str) -> str:
    """Validate an ISO 3166-1 alpha-2 code (any case, surrounding blanks ignored) and return it upper case."""
    folded = code.strip().upper()
    if folded in iso_countries():
        return folded
    hint = _suggest(folded, [*iso_countries(), *COUNTRY_GROUPS])
    if folded == "UK":
        hint = " The ISO 3166-1 code of the United Kingdom is 'GB'."
    elif folded == "EL":
        hint = " The ISO 3166-1 code of Greece is 'GR'."
    raise ResidencyError(
        f"{code!r} is not an ISO 3166-1 alpha-2 country code or a country group "
        f"({', '.join(sorted(COUNTRY_GROUPS))}).{hint}"
    )


def country_name(code: str) -> str:
    """The English short name of a country code, for messages."""
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found else code


def expand_countries(specs: Iterable[str]) -> frozenset[str]:
    """Expand country codes and group names (``EU``, ``EEA``) into a set of alpha-2 codes.

    Unknown codes are errors, never ignored. An empty result is an error too: an allowlist that allows no
    country would block every request, which is never what a deployment means to say.
    """
    found: set[str] = set()
    for spec in specs:
        key = spec.strip().upper()
        if key in COUNTRY_GROUPS:
            found |= COUNTRY_GROUPS[key]
        else:
            found.add(country(spec))
    if not found:
        raise ResidencyError("The list of supported countries is empty; name at least one country or group.")
    return frozenset(found)


# --------------------------------------------------------------------------------------------------------------
# Zones
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Zone:
    """A residency zone: the set of regions where customer content may be stored and processed.

    ``spec`` keeps the tokens it was written with (``("eu",)``, ``("fr",)``, ``("aws-eusc",)``) so messages and
    reports can name the zone the way the user wrote it.
    """

    spec: tuple[str, ...]
    regions: frozenset[str]

    @property
    def label(self) -> str:
        """The zone as the user wrote it, for messages: ``eu``, ``fr``, ``eu-west-3+eu-central-1``."""
        return "+".join(self.spec)

    def __contains__(self, region_name: object) -> bool:
        return region_name in self.regions

    def countries(self) -> frozenset[str]:
        """The countries the zone's regions stand in."""
        return frozenset(c for r in self.regions if (c := regions()[r].country))


#: The token that names every region of one country group: ``eu`` and ``eea``.
ZONE_GROUPS = {name.lower(): name for name in COUNTRY_GROUPS}

#: The zone used when configuration names none.
DEFAULT_ZONE = ("eu",)

#: The supported countries used when configuration names none.
DEFAULT_SUPPORTED_COUNTRIES = ("EEA",)


def _regions_in(countries: frozenset[str]) -> frozenset[str]:
    return frozenset(r.name for r in regions().values() if r.country in countries)


def zone_token_regions(token: str) -> frozenset[str]:
    """The regions one zone token stands for.

    A token is, case-insensitively: a country group (``eu``, ``eea``), an ISO country code (``fr``, ``gb``), a
    partition (``aws-eusc``) or a region name (``eu-west-3``).
    """
    key = token.strip().lower()
    if key in ZONE_GROUPS:
        return _regions_in(COUNTRY_GROUPS[ZONE_GROUPS[key]])
    if key in partitions():
        return partitions()[key].regions
    if key in regions():
        return frozenset({key})
    if len(key) == 2:
        code = country(key)
        found = _regions_in(frozenset({code}))
        if not found:
            raise ResidencyError(f"Zone {token!r}: AWS has no region in {country_name(code)} ({code}).")
        return found
    choices = [*ZONE_GROUPS, *partitions(), *regions()]
    raise ResidencyError(
        f"Zone {token!r} is not a country group (eu, eea), an ISO country code (fr, de, gb, ...), a partition "
        f"({', '.join(sorted(partitions()))}) or an AWS region.{_suggest(key, choices)}"
    )


def zone_countries(zone: Zone) -> frozenset[str]:
    """The countries a zone stands for: a group's members, a country, or the countries of its regions.

    ``eu`` means every EU member state, including those without an AWS region: data sent to a host in the
    Netherlands stays in the zone ``eu``, though no AWS region stands there.
    """
    found: set[str] = set()
    for token in zone.spec:
        if token in ZONE_GROUPS:
            found |= COUNTRY_GROUPS[ZONE_GROUPS[token]]
        elif len(token) == 2 and token.upper() in iso_countries():
            found.add(token.upper())
        else:
            found |= {c for r in zone_token_regions(token) if (c := regions()[r].country)}
    return frozenset(found)


def resolve_zone(spec: str | Iterable[str] = DEFAULT_ZONE) -> Zone:
    """Build a :class:`Zone` from tokens; a comma-separated string is accepted too (``"fr,de"``)."""
    tokens = spec.split(",") if isinstance(spec, str) else list(spec)
    cleaned = tuple(t.strip().lower() for t in tokens if t.strip())
    if not cleaned:
        raise ResidencyError("The residency zone is empty; name a group (eu, eea), a country, a partition or regions.")
    allowed: set[str] = set()
    for token in cleaned:
        allowed |= zone_token_regions(token)
    return Zone(cleaned, frozenset(allowed))


# --------------------------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------------------------

#: The data class of anything that carries no data-class tag: the strictest.
CUSTOMER_CONTENT = "customer-content"

#: The tag key that carries a resource's data class, unless configured otherwise.
DEFAULT_DATA_CLASS_TAG = "data-class"

#: The non-content classes that may live outside the zone by default (workspace metadata, billing).
DEFAULT_EXEMPT_CLASSES = ("service-metadata", "billing")


def data_class_of(tags: object, tag_key: str = DEFAULT_DATA_CLASS_TAG) -> str:
    """The data class a resource declares through its tags; ``customer-content`` when it declares none.

    Anything that is not a plain string tag value (a secret, an unknown, a number) counts as customer content:
    an exemption has to be stated plainly to apply.
    """
    if isinstance(tags, Mapping):
        value = tags.get(tag_key)
        if isinstance(value, str) and value:
            return value
    return CUSTOMER_CONTENT


def validate_exempt_classes(classes: Iterable[str]) -> tuple[str, ...]:
    """Check a list of exempt data classes: customer content can never be exempted."""
    cleaned = tuple(dict.fromkeys(c.strip() for c in classes))
    for name in cleaned:
        if not name:
            raise ResidencyError("An exempt data class is empty.")
        if name.lower() == CUSTOMER_CONTENT:
            raise ResidencyError(
                f"{CUSTOMER_CONTENT!r} cannot be exempted: customer content must always stay in the zone."
            )
    return cleaned
