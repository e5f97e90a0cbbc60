"""Pure helpers shared by the components: ARN parsing, service principals, retention and replica regions."""

from __future__ import annotations

import pytest

from residency.components import ComponentArgumentError
from residency.components._common import (
    Arn,
    check_other_regions,
    check_retention,
    parse_arn,
    service_principal,
)
from residency.model import ResidencyError, resolve_zone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "arn:aws:secretsmanager:eu-west-3:123456789012:secret:db-AbCdEf",
            Arn("aws", "secretsmanager", "eu-west-3", "123456789012", "secret:db-AbCdEf"),
        ),
        ("arn:aws:s3:::bucket/key", Arn("aws", "s3", "", "", "bucket/key")),
        ("arn:aws:iam::aws:policy/ReadOnlyAccess", Arn("aws", "iam", "", "aws", "policy/ReadOnlyAccess")),
        (
            "arn:aws-cn:kms:cn-north-1:123456789012:key/k",
            Arn("aws-cn", "kms", "cn-north-1", "123456789012", "key/k"),
        ),
        (
            "arn:aws-eusc:ssm:eusc-de-east-1:123456789012:parameter/p",
            Arn("aws-eusc", "ssm", "eusc-de-east-1", "123456789012", "parameter/p"),
        ),
    ],
)
def test_parse_arn(value: str, expected: Arn) -> None:
    assert parse_arn(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "arn:aws:s3",
        "prefix arn:aws:kms:eu-west-3:123456789012:key/k",
        "arn:azure:kms:x:123456789012:key/k",
        "arn:aws:kms:eu-west-3:12345:key/k",
    ],
)
def test_parse_arn_refuses_partial_or_foreign_strings(value: str) -> None:
    assert parse_arn(value) is None


def test_service_principal_is_regional_and_knows_china() -> None:
    assert service_principal("logs", "eu-west-3", "aws") == "logs.eu-west-3.amazonaws.com"
    assert service_principal("logs", "cn-north-1", "aws-cn") == "logs.cn-north-1.amazonaws.com.cn"


def test_check_retention_refuses_forever_and_odd_values() -> None:
    assert check_retention("C", "n", 7) == 7
    for days in (0, 8, -1):
        with pytest.raises(
            ComponentArgumentError, match=r"C 'n': log_retention_days: .* is not a CloudWatch"
        ):
            check_retention("C", "n", days)


def test_check_other_regions() -> None:
    zone = resolve_zone("eu")
    check_other_regions("C", "n", "replicas", "eu-west-3", ["eu-central-1", "eu-west-1"], zone)
    with pytest.raises(ComponentArgumentError, match="region 'eu-west-2' is outside the residency zone 'eu'"):
        check_other_regions("C", "n", "replicas", "eu-west-3", ["eu-west-2"], zone)
    with pytest.raises(ComponentArgumentError, match="another region of the zone than 'eu-west-3'"):
        check_other_regions("C", "n", "replicas", "eu-west-3", ["eu-west-3"], zone)
    with pytest.raises(ComponentArgumentError, match="named twice"):
        check_other_regions("C", "n", "replicas", "eu-west-3", ["eu-west-1", "eu-west-1"], zone)
    mixed = resolve_zone("eu,aws-eusc")
    with pytest.raises(ComponentArgumentError, match="another AWS partition"):
        check_other_regions("C", "n", "replicas", "eu-west-3", ["eusc-de-east-1"], mixed)


def test_refusals_are_residency_errors() -> None:
    assert issubclass(ComponentArgumentError, ResidencyError)
