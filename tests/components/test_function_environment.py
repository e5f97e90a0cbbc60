"""The Lambda environment check: no plaintext credentials, secret references only in the function's region."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from residency.components.environment import environment_problems, is_secret_name
from residency.model import resolve_zone

EU = resolve_zone("eu")
SECRET_ARN = "arn:aws:secretsmanager:eu-west-3:123456789012:secret:db-password-AbCdEf"


def problems(variables: dict[str, object]) -> list[str]:
    return environment_problems(variables, "eu-west-3", "aws", EU)


def test_plain_configuration_and_references_pass() -> None:
    assert (
        problems(
            {
                "LOG_LEVEL": "info",
                "TABLE_NAME": "sessions",
                "DB_PASSWORD_SECRET_ARN": SECRET_ARN,
                "API_TOKEN_PARAMETER": "arn:aws:ssm:eu-west-3:123456789012:parameter/api/token",
                "SIGNING_KEY_ID": "arn:aws:kms:eu-west-3:123456789012:key/1234abcd",
                "REPLICA_TABLE": "arn:aws:dynamodb:eu-central-1:123456789012:table/sessions",
            }
        )
        == []
    )


def test_outputs_cannot_be_inspected_and_pass() -> None:
    assert problems({"DB_PASSWORD": object()}) == []


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"ACCESS": "AKIAIOSFODNN7EXAMPLE"}, "'ACCESS' holds an AWS access key id"),
        ({"CREDS": "id=ASIAY34FZKBOKMUTVV7A;x"}, "'CREDS' holds an AWS access key id"),
        ({"CERT": "-----BEGIN RSA PRIVATE KEY-----\nMIIB..."}, "'CERT' holds a private key block"),
        ({"PEM": "-----BEGIN PRIVATE KEY-----"}, "'PEM' holds a private key block"),
        ({"DB_PASSWORD": "hunter2"}, "'DB_PASSWORD' looks like a secret"),
        ({"client_secret": "abc"}, "'client_secret' looks like a secret"),
        ({"GITHUB_TOKEN": "ghp_x"}, "'GITHUB_TOKEN' looks like a secret"),
        ({"STRIPE_API_KEY": "sk_live_x"}, "'STRIPE_API_KEY' looks like a secret"),
        ({"DB_PASSWORD": "arn:aws:s3:::bucket/password.txt"}, "'DB_PASSWORD' looks like a secret"),
        (
            {"DB_PASSWORD": SECRET_ARN.replace("eu-west-3", "eu-central-1")},
            "'DB_PASSWORD' references a secretsmanager resource in region 'eu-central-1'; secret "
            "references must be in the function's region 'eu-west-3'",
        ),
        (
            {"CONFIG": "arn:aws:ssm:us-east-1:123456789012:parameter/x"},
            "references a ssm resource in region 'us-east-1'",
        ),
        (
            {"UPSTREAM": "arn:aws:dynamodb:us-east-1:123456789012:table/t"},
            "'UPSTREAM' references a resource in region 'us-east-1', outside the residency zone 'eu'",
        ),
        (
            {"DB_PASSWORD": "arn:aws-cn:secretsmanager:eu-west-3:123456789012:secret:x"},
            "partition 'aws-cn', not 'aws'",
        ),
        ({"AWS_REGION": "us-east-1"}, "'AWS_REGION' is reserved by Lambda"),
        ({"AWS_SECRET_ACCESS_KEY": "x"}, "'AWS_SECRET_ACCESS_KEY' is reserved by Lambda"),
        ({"_HANDLER": "x"}, "'_HANDLER' is reserved by Lambda"),
        ({"1BAD": "x"}, "'1BAD' is not a valid variable name"),
    ],
)
def test_refused(variables: dict[str, object], expected: str) -> None:
    found = problems(variables)
    assert len(found) == 1
    assert expected in found[0]


def test_messages_never_show_the_value() -> None:
    found = problems({"DB_PASSWORD": "hunter2-very-secret", "K": "AKIAIOSFODNN7EXAMPLE"})
    assert len(found) == 2
    assert not any("hunter2" in p or "AKIAIOSFODNN7EXAMPLE" in p for p in found)


@pytest.mark.parametrize(
    "name", ["DB_PASSWORD", "api_token", "SECRET", "PRIVATE_KEY", "Passwd", "CREDENTIALS"]
)
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["TABLE_NAME", "LOG_LEVEL", "REGION", "QUEUE_URL"])
def test_ordinary_names(name: str) -> None:
    assert not is_secret_name(name)


ACCESS_KEY_IDS = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["AKIA", "ASIA"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=16, max_size=16),
)
NAMES = st.from_regex(r"[A-Z][A-Z0-9_]{0,20}", fullmatch=True).filter(lambda n: not n.startswith("AWS_"))


@given(
    name=NAMES,
    key_id=ACCESS_KEY_IDS,
    before=st.sampled_from(["", "id=", "x "]),
    after=st.sampled_from(["", ";"]),
)
def test_any_embedded_access_key_id_is_refused(name: str, key_id: str, before: str, after: str) -> None:
    found = problems({name: f"{before}{key_id}{after}"})
    assert found == [f"{name!r} holds an AWS access key id; the function's role provides credentials."]


SECRET_NAMES = st.builds(
    lambda head, word, tail: head + word + tail,
    st.sampled_from(["", "DB_", "API_", "app_"]),
    st.sampled_from(["PASSWORD", "secret", "Token", "KEY", "CREDENTIALS"]),
    st.sampled_from(["", "_VALUE", "S", "_2"]),
)


@given(name=SECRET_NAMES, value=st.text(alphabet="0123456789#!@%^&*", min_size=6, max_size=40))
def test_secret_named_variables_never_accept_literals_nor_show_them(name: str, value: str) -> None:
    (found,) = problems({name: value})
    assert f"{name!r} looks like a secret" in found
    assert value not in found


@given(
    region=st.sampled_from(["us-east-1", "eu-west-2", "eu-central-2", "ap-south-1", "il-central-1"]),
    service=st.sampled_from(["secretsmanager", "ssm", "kms"]),
)
def test_references_from_other_regions_are_refused(region: str, service: str) -> None:
    resource = {"secretsmanager": "secret:s-AbCdEf", "ssm": "parameter/p", "kms": "key/k"}[service]
    found = problems({"REF": f"arn:aws:{service}:{region}:123456789012:{resource}"})
    assert len(found) == 1
    assert f"in region {region!r}" in found[0]
