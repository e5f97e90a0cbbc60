"""References a component accepts from its caller, checked against the zone: image URIs, certificate ARNs,
identity provider URLs and secret references.

Pure Python (no Pulumi import): every check here is tested without Pulumi. A check takes the plain value; when
the caller passes a Pulumi output instead, the component runs the same check once the value is known (in an
``apply`` that creates nothing) and documents that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from residency.model import Zone, is_region, partition_of

from ._common import check_in_zone, dns_suffix, parse_arn, refuse

# The Docker reference grammar for a repository path (lower-case components separated by '/'), a tag and a
# sha256 digest, as ECR accepts them.
_REPOSITORY = r"[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*"
_TAG = r"[A-Za-z0-9_][A-Za-z0-9._-]{0,127}"
_DIGEST = r"sha256:[a-f0-9]{64}"
_IMAGE = re.compile(
    rf"(?P<account>\d{{12}})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.(?P<suffix>[a-z0-9.-]+)"
    rf"/(?P<repository>{_REPOSITORY})(?::(?P<tag>{_TAG}))?(?:@(?P<digest>{_DIGEST}))?"
)


@dataclass(frozen=True, slots=True)
class EcrImage:
    """An image in an Amazon ECR private registry: ``<account>.dkr.ecr.<region>.<suffix>/<repository>``."""

    account: str
    region: str
    suffix: str
    repository: str
    tag: str | None
    digest: str | None


def parse_ecr_image(value: str) -> EcrImage | None:
    """The parts of an ECR private-registry image reference; ``None`` for any other registry or a malformed one."""
    found = _IMAGE.fullmatch(value)
    if found is None:
        return None
    return EcrImage(**found.groupdict())


def check_image(kind: str, name: str, value: str, region: str, zone: Zone) -> EcrImage:
    """Refuse an image reference unless it is pinned (tag or digest) and stored in ECR in ``region``.

    Docker Hub, ``public.ecr.aws``, other registries and other regions' registries are refused: the tasks pull
    through the VPC endpoints of their own region, and an image pulled from elsewhere is code and data fetched
    from outside the zone at every start.
    """
    image = parse_ecr_image(value)
    if image is None:
        raise refuse(
            kind,
            name,
            "image",
            f"{value!r} is not an image in an Amazon ECR private registry "
            f"(<account>.dkr.ecr.<region>.{dns_suffix(partition_of(region) or 'aws')}/<repository>:<tag>); Docker "
            f"Hub, public.ecr.aws and other registries serve images from outside the zone. Push the image to "
            f"a ResidentRepository in {region}.",
        )
    if not is_region(image.region):
        raise refuse(kind, name, "image", f"the registry's region {image.region!r} is not an AWS region.")
    check_in_zone(kind, name, "image", image.region, zone)
    if image.suffix != dns_suffix(partition_of(image.region) or "aws"):
        raise refuse(
            kind,
            name,
            "image",
            f"the registry host ends in {image.suffix!r}, which is not the endpoint domain of {image.region!r}.",
        )
    if image.region != region:
        raise refuse(
            kind,
            name,
            "image",
            f"the image's registry is in {image.region!r} but the service runs in {region!r}; tasks pull "
            "through the VPC endpoints of their own region. Push the image to a ResidentRepository there.",
        )
    if image.tag is None and image.digest is None:
        raise refuse(
            kind,
            name,
            "image",
            f"{value!r} names no tag or digest, so ECS would pull whatever 'latest' is at the time; pin an "
            "immutable tag or a digest (@sha256:...).",
        )
    return image


def check_certificate_arn(kind: str, name: str, value: str, region: str, partition: str) -> None:
    """Refuse anything but an ACM certificate ARN of ``region`` (a load balancer only takes its own region's)."""
    arn = parse_arn(value)
    if arn is None or arn.service != "acm" or not arn.resource.startswith("certificate/"):
        raise refuse(
            kind,
            name,
            "certificate_arn",
            f"{value!r} is not an ACM certificate ARN (arn:{partition}:acm:{region}:<account>:certificate/<id>).",
        )
    if arn.partition != partition or arn.region != region:
        raise refuse(
            kind,
            name,
            "certificate_arn",
            f"the certificate is in {arn.region!r} ({arn.partition}) but the load balancer is in {region!r}; "
            "a load balancer uses certificates of its own region: request or import it there.",
        )


# Hosts whose region can be read off the name: Cognito hosted UI domains and the Cognito IdP endpoint.
_COGNITO_HOSTS = (
    re.compile(r"[a-z0-9-]+\.auth(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazoncognito\.com"),
    re.compile(r"cognito-idp(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com"),
)


def check_https_url(kind: str, name: str, argument: str, value: str, zone: Zone) -> None:
    """An ``https://`` URL with a host, no credentials; a Cognito host must be in the zone.

    Other identity providers cannot be located from their URL: where they process sign-ins is the caller's
    responsibility (the README says so).
    """
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise refuse(kind, name, argument, f"{value!r} is not an https:// URL with a host (and no credentials).")
    for pattern in _COGNITO_HOSTS:
        found = pattern.fullmatch(parts.hostname)
        if found:
            check_in_zone(kind, name, argument, found["region"], zone)


#: Where ECS reads a container secret from, and the resource prefix of each kind.
SECRET_SOURCES = {"secretsmanager": "secret:", "ssm": "parameter/"}


def check_secret_reference(kind: str, name: str, variable: str, value: str, region: str, partition: str) -> None:
    """A Secrets Manager secret or SSM parameter ARN of ``region``: ECS fetches it when a task starts."""
    arn = parse_arn(value)
    if arn is None or not arn.resource.startswith(SECRET_SOURCES.get(arn.service, "\0")):
        raise refuse(
            kind,
            name,
            "secrets",
            f"{variable!r} is not a Secrets Manager secret or SSM parameter ARN (the value is not shown).",
        )
    if arn.partition != partition or arn.region != region:
        raise refuse(
            kind,
            name,
            "secrets",
            f"{variable!r} refers to a {arn.service} resource in {arn.region!r}; secrets must be in the "
            f"service's region {region!r}.",
        )
