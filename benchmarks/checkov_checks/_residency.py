"""What the residency custom checks share: the zone and the supported countries (the pack's defaults).

Loaded by checkov from ``--external-checks-dir``; imports nothing but checkov and the standard library.
"""

from __future__ import annotations

from typing import Any, Final

#: The regions of the default zone 'eu' (as ``residency zones`` lists them).
ZONE_REGIONS: Final = frozenset(
    ("eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3", "eusc-de-east-1")
)
#: The EEA (the pack's default ``supportedCountries``).
SUPPORTED_COUNTRIES: Final = frozenset(
    (
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT",
        "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
    )
)
#: Terraform type prefixes of global AWS services, which take no region.
GLOBAL_PREFIXES: Final = (
    "aws_iam_", "aws_cloudfront_", "aws_route53_", "aws_organizations_", "aws_shield_", "aws_globalaccelerator_",
)


def first(conf: dict[str, list[Any]], key: str) -> Any:
    """The value of an attribute in checkov's HCL-like form (every value is wrapped in a list)."""
    value = conf.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def block(value: Any) -> dict[str, Any]:
    """A nested block (a list of one dict in the plan, sometimes nested once more)."""
    while isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def strings(value: Any) -> list[str]:
    """A flat list of strings from an attribute value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []
