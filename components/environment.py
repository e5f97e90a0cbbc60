"""Checks on a Lambda function's environment: no plaintext credentials, references only in the region.

Pure Python: :func:`environment_problems` is tested without Pulumi. Messages name the variable and the
problem, never the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from residency.model import Zone

from ._common import parse_arn

#: Words that make a variable name secret-looking: such a variable must hold a reference, not a value.
SECRET_NAME_WORDS = ("SECRET", "PASSWORD", "PASSWD", "TOKEN", "KEY", "CREDENTIAL")

#: Services whose ARNs are accepted as secret references, and the resource prefixes they must have.
REFERENCE_SERVICES = {"secretsmanager": ("secret:",), "ssm": ("parameter/",), "kms": ("key/", "alias/")}

#: Variables Lambda sets itself; overriding AWS_REGION or the credentials would fight the pinning.
RESERVED_NAMES = frozenset({"_HANDLER", "_X_AMZN_TRACE_ID", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"})

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Access key ids of IAM users (AKIA), temporary credentials (ASIA) and their older or internal siblings.
_ACCESS_KEY_ID = re.compile(
    r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}"
    r"(?![A-Z0-9])"
)
_PRIVATE_KEY = re.compile(r"-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----")


def is_secret_name(name: str) -> bool:
    """Whether a variable name says it holds a secret (``DB_PASSWORD``, ``API_TOKEN``, ``SIGNING_KEY``)."""
    upper = name.upper()
    return any(word in upper for word in SECRET_NAME_WORDS)


def environment_problems(
    variables: Mapping[str, object],
    region: str,
    partition: str,
    zone: Zone,
    host: str = "Lambda",
    owner: str = "function",
) -> list[str]:
    """Everything wrong with ``variables``, one sentence per problem; empty when the environment is safe.

    ``host`` names what runs the code (``Lambda``, ``ECS``) and ``owner`` what the environment belongs to
    (``function``, ``service``), in the messages.

    Values that are not plain strings (Pulumi outputs) cannot be inspected while the program runs and are
    accepted: pass references (secret ARNs) through them, never secret values.
    """
    problems: list[str] = []
    for name in sorted(variables):
        value = variables[name]
        if isinstance(name, str) and (name.upper().startswith("AWS_") or name in RESERVED_NAMES):
            problems.append(f"{name!r} is reserved by {host} (it sets the region and credentials itself).")
            continue
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            problems.append(f"{name!r} is not a valid variable name (a letter, then letters, digits or '_').")
            continue
        if not isinstance(value, str):
            continue
        if _ACCESS_KEY_ID.search(value):
            problems.append(f"{name!r} holds an AWS access key id; the function's role provides credentials.")
            continue
        if _PRIVATE_KEY.search(value):
            problems.append(
                f"{name!r} holds a private key block; store it in Secrets Manager and pass its ARN."
            )
            continue
        arn = parse_arn(value)
        if arn is not None:
            if arn.partition != partition:
                problems.append(
                    f"{name!r} references a resource in partition {arn.partition!r}, not {partition!r}."
                )
                continue
            if arn.service in REFERENCE_SERVICES and arn.region != region:
                problems.append(
                    f"{name!r} references a {arn.service} resource in region {arn.region!r}; secret "
                    f"references must be in the {owner}'s region {region!r}."
                )
                continue
            if arn.region and arn.region not in zone:
                problems.append(
                    f"{name!r} references a resource in region {arn.region!r}, outside the residency "
                    f"zone {zone.label!r}."
                )
                continue
        if is_secret_name(name) and not _is_reference(value):
            problems.append(
                f"{name!r} looks like a secret ({'/'.join(SECRET_NAME_WORDS)} in its name) but holds a "
                f"literal value; pass the ARN of a Secrets Manager secret, an SSM parameter or a KMS key in "
                f"{region} and read it at run time (the value is not shown)."
            )
    return problems


def _is_reference(value: str) -> bool:
    arn = parse_arn(value)
    if arn is None or arn.service not in REFERENCE_SERVICES:
        return False
    return arn.resource.startswith(REFERENCE_SERVICES[arn.service])
