"""Pure reference checks of the v2 components: ECR image URIs, ACM certificates, IdP URLs, secrets, names."""

from __future__ import annotations

import pytest

from residency.components import ComponentArgumentError
from residency.components._common import check_bool, check_int, dns_suffix, endpoint_service_name
from residency.components._refs import (
    EcrImage,
    check_certificate_arn,
    check_https_url,
    check_image,
    check_secret_reference,
    parse_ecr_image,
)
from residency.model import ResidencyError, resolve_zone

EU = resolve_zone("eu")
DIGEST = "sha256:" + "ab" * 32
PARIS_REGISTRY = "123456789012.dkr.ecr.eu-west-3.amazonaws.com"


@pytest.mark.parametrize(
    ("partition", "suffix"),
    [("aws", "amazonaws.com"), ("aws-cn", "amazonaws.com.cn"), ("aws-eusc", "amazonaws.eu")],
)
def test_dns_suffix_comes_from_botocore(partition: str, suffix: str) -> None:
    assert dns_suffix(partition) == suffix


def test_dns_suffix_of_an_unknown_partition() -> None:
    with pytest.raises(ResidencyError, match="'aws-moon' is not an AWS partition botocore knows"):
        dns_suffix("aws-moon")


@pytest.mark.parametrize(
    ("service", "region", "partition", "expected"),
    [
        ("s3", "eu-west-3", "aws", "com.amazonaws.eu-west-3.s3"),
        ("ecr.dkr", "eu-central-1", "aws", "com.amazonaws.eu-central-1.ecr.dkr"),
        ("logs", "eusc-de-east-1", "aws-eusc", "eu.amazonaws.eusc-de-east-1.logs"),
    ],
)
def test_endpoint_service_name(service: str, region: str, partition: str, expected: str) -> None:
    assert endpoint_service_name(service, region, partition) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            f"{PARIS_REGISTRY}/shop/web:1.4.2",
            EcrImage("123456789012", "eu-west-3", "amazonaws.com", "shop/web", "1.4.2", None),
        ),
        (
            f"{PARIS_REGISTRY}/web@{DIGEST}",
            EcrImage("123456789012", "eu-west-3", "amazonaws.com", "web", None, DIGEST),
        ),
        (
            f"123456789012.dkr.ecr-fips.eu-west-3.amazonaws.com/web:v1@{DIGEST}",
            EcrImage("123456789012", "eu-west-3", "amazonaws.com", "web", "v1", DIGEST),
        ),
        (
            "123456789012.dkr.ecr.eu-west-3.amazonaws.com/web",
            EcrImage("123456789012", "eu-west-3", "amazonaws.com", "web", None, None),
        ),
    ],
)
def test_parse_ecr_image(value: str, expected: EcrImage) -> None:
    assert parse_ecr_image(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "nginx",
        "nginx:1.27",
        "docker.io/library/nginx:1.27",
        "public.ecr.aws/nginx/nginx:1.27",
        "ghcr.io/org/app:1",
        "12345.dkr.ecr.eu-west-3.amazonaws.com/web:1",
        f"{PARIS_REGISTRY}/Web:1",
        f"{PARIS_REGISTRY}/web:1 ",
        f"https://{PARIS_REGISTRY}/web:1",
    ],
)
def test_parse_ecr_image_rejects_other_registries(value: str) -> None:
    assert parse_ecr_image(value) is None


def test_check_image_accepts_a_pinned_image_of_the_region() -> None:
    image = check_image("ResidentService", "web", f"{PARIS_REGISTRY}/web:1", "eu-west-3", EU)
    assert image.repository == "web"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "nginx:1.27",
            "ResidentService 'web': image: 'nginx:1.27' is not an image in an Amazon ECR private registry "
            "(<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>); Docker Hub, public.ecr.aws and other "
            "registries serve images from outside the zone. Push the image to a ResidentRepository in eu-west-3.",
        ),
        ("public.ecr.aws/nginx/nginx:1.27", "is not an image in an Amazon ECR private registry"),
        (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1",
            "image: region 'us-east-1' is outside the residency zone 'eu'",
        ),
        (
            "123456789012.dkr.ecr.eu-central-1.amazonaws.com/web:1",
            "image: the image's registry is in 'eu-central-1' but the service runs in 'eu-west-3'; tasks pull "
            "through the VPC endpoints of their own region.",
        ),
        ("123456789012.dkr.ecr.eu-west-9.amazonaws.com/web:1", "'eu-west-9' is not an AWS region"),
        (
            "123456789012.dkr.ecr.eu-west-3.example.com/web:1",
            "the registry host ends in 'example.com', which is not the endpoint domain of 'eu-west-3'",
        ),
        (f"{PARIS_REGISTRY}/web", "names no tag or digest"),
    ],
)
def test_check_image_refusals(value: str, message: str) -> None:
    with pytest.raises(ComponentArgumentError) as caught:
        check_image("ResidentService", "web", value, "eu-west-3", EU)
    assert message in str(caught.value)


CERT = "arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"


def test_check_certificate_arn() -> None:
    check_certificate_arn("ResidentService", "web", CERT, "eu-west-3", "aws")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            CERT.replace("eu-west-3", "us-east-1"),
            "certificate_arn: the certificate is in 'us-east-1' (aws) but the load balancer is in 'eu-west-3'",
        ),
        (CERT.replace("eu-west-3", "eu-central-1"), "the certificate is in 'eu-central-1'"),
        (CERT.replace(":acm:", ":iam:"), "is not an ACM certificate ARN"),
        ("my-certificate", "'my-certificate' is not an ACM certificate ARN"),
        ("arn:aws:acm:eu-west-3:123456789012:key/x", "is not an ACM certificate ARN"),
    ],
)
def test_check_certificate_arn_refusals(value: str, message: str) -> None:
    with pytest.raises(ComponentArgumentError, match="ResidentService 'web': certificate_arn: ") as caught:
        check_certificate_arn("ResidentService", "web", value, "eu-west-3", "aws")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        "https://login.example.eu/oauth2/token",
        "https://shop.auth.eu-west-3.amazoncognito.com/oauth2/token",
        "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbC",
    ],
)
def test_check_https_url(value: str) -> None:
    check_https_url("ResidentService", "web", "authentication.token_endpoint", value, EU)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("http://login.example.eu/token", "is not an https:// URL with a host"),
        ("https://user:pw@login.example.eu/token", "is not an https:// URL with a host (and no credentials)"),
        ("login.example.eu/token", "is not an https:// URL"),
        (
            "https://shop.auth.us-east-1.amazoncognito.com/oauth2/token",
            "region 'us-east-1' is outside the residency zone 'eu'",
        ),
        ("https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_x", "region 'eu-west-2' is outside"),
    ],
)
def test_check_https_url_refusals(value: str, message: str) -> None:
    with pytest.raises(ComponentArgumentError) as caught:
        check_https_url("ResidentService", "web", "authentication.token_endpoint", value, EU)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        "arn:aws:secretsmanager:eu-west-3:123456789012:secret:db-AbCdEf",
        "arn:aws:ssm:eu-west-3:123456789012:parameter/shop/api-key",
    ],
)
def test_check_secret_reference(value: str) -> None:
    check_secret_reference("ResidentService", "web", "API_KEY", value, "eu-west-3", "aws")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("hunter2", "'API_KEY' is not a Secrets Manager secret or SSM parameter ARN (the value is not shown)."),
        ("arn:aws:kms:eu-west-3:123456789012:key/k", "is not a Secrets Manager secret or SSM parameter ARN"),
        (
            "arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf",
            "'API_KEY' refers to a secretsmanager resource in 'eu-central-1'; secrets must be in the service's "
            "region 'eu-west-3'.",
        ),
    ],
)
def test_check_secret_reference_refusals(value: str, message: str) -> None:
    with pytest.raises(ComponentArgumentError) as caught:
        check_secret_reference("ResidentService", "web", "API_KEY", value, "eu-west-3", "aws")
    assert message in str(caught.value)
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize("value", [0, 11, True, 2.5, "3", None])
def test_check_int_refuses(value: object) -> None:
    with pytest.raises(ComponentArgumentError, match=r"K 'n': count: .* is not a whole number between 1 and 10\."):
        check_int("K", "n", "count", value, 1, 10)


def test_check_int_and_bool_accept() -> None:
    assert check_int("K", "n", "count", 10, 1, 10) == 10
    assert check_bool("K", "n", "flag", False) is False
    with pytest.raises(ComponentArgumentError, match="flag: 1 is not True or False"):
        check_bool("K", "n", "flag", 1)
