"""What the resident components share: the refusal error, ARN parsing, service principals and tags.

Pure Python apart from type hints: the helpers here are tested without Pulumi.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from residency import dependencies
from residency.aws import Arn, partitions
from residency.aws import service_principal as service_principal  # shared by the components
from residency.config import LOG_RETENTION_DAYS
from residency.model import ResidencyError, Zone, partition_of

# Every component imports this module first: an SDK older than declared fails here with one sentence, not with
# an AttributeError deep inside Pulumi that reads as if the user's program were wrong.
dependencies.check()

#: The package part of every component's type token (``residency:components:<Type>``).
TYPE_PREFIX = "residency:components"


class ComponentArgumentError(ResidencyError):
    """A component refused its arguments before registering anything; the message names the argument."""


def refuse(component: str, name: str, argument: str, problem: str) -> ComponentArgumentError:
    """Build the one-paragraph error a component raises: which component, which argument, what is wrong."""
    return ComponentArgumentError(f"{component} {name!r}: {argument}: {problem}")


_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):"
    r"(?P<account>\d{12}|aws|):(?P<resource>.+)"
)


def parse_arn(value: str) -> Arn | None:
    """The fields of ``value`` when the whole string is an ARN a caller may give, ``None`` otherwise.

    Stricter than :func:`residency.aws.parse_arn`, which reads any ARN-shaped text: a component argument must
    name a partition of AWS and a twelve-digit account (or ``aws``), with no partial matches.
    """
    found = _ARN.fullmatch(value)
    if found is None:
        return None
    return Arn(**found.groupdict())


def check_retention(component: str, name: str, days: int) -> int:
    """A CloudWatch Logs retention the service accepts; never 0 (which means *keep forever*)."""
    if isinstance(days, bool) or days not in LOG_RETENTION_DAYS:
        allowed = ", ".join(map(str, LOG_RETENTION_DAYS))
        raise refuse(
            component,
            name,
            "log_retention_days",
            f"{days!r} is not a CloudWatch Logs retention period; use one of {allowed}.",
        )
    return days


def check_in_zone(component: str, name: str, argument: str, region: str, zone: Zone) -> None:
    """Refuse ``region`` unless it is one of the zone's regions."""
    if region not in zone:
        raise refuse(
            component,
            name,
            argument,
            f"region {region!r} is outside the residency zone {zone.label!r}, whose regions are "
            f"{', '.join(sorted(zone.regions))}.",
        )


def check_other_regions(
    component: str, name: str, argument: str, home: str, regions: Iterable[str], zone: Zone
) -> None:
    """Refuse replica regions outside the zone, in another partition, equal to ``home`` or repeated."""
    seen: set[str] = set()
    for region in regions:
        check_in_zone(component, name, argument, region, zone)
        if partition_of(region) != partition_of(home):
            raise refuse(
                component,
                name,
                argument,
                f"region {region!r} is in another AWS partition than {home!r}; replication cannot cross partitions.",
            )
        if region == home:
            raise refuse(
                component,
                name,
                argument,
                f"a replica must be in another region of the zone than {home!r}, the home region.",
            )
        if region in seen:
            raise refuse(component, name, argument, f"region {region!r} is named twice.")
        seen.add(region)


def data_class_tags(tag_key: str, data_class: str) -> dict[str, str]:
    """The explicit tag that states a resource's data class."""
    return {tag_key: data_class}


def check_data_class(component: str, name: str, data_class: object) -> str:
    """A data class is a plain, non-empty string without surrounding blanks."""
    if not isinstance(data_class, str) or not data_class or data_class != data_class.strip():
        raise refuse(
            component,
            name,
            "data_class",
            f"{data_class!r} is not a data class; use a plain word such as 'customer-content'.",
        )
    return data_class


def deny_insecure_transport(action: str, resources: str | list[str]) -> dict[str, Any]:
    """A resource policy that denies every request made without TLS (``aws:SecureTransport`` false)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": action,
                "Resource": resources,
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def check_user_pool_arn(component: str, name: str, argument: str, value: object, zone: Zone) -> Arn:
    """A Cognito user pool ARN (``arn:aws:cognito-idp:<region>:<account>:userpool/<id>``) in the zone."""
    arn = parse_arn(value) if isinstance(value, str) else None
    if arn is None or arn.service != "cognito-idp" or not arn.resource.startswith("userpool/"):
        raise refuse(
            component,
            name,
            argument,
            f"{value!r} is not a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<id>).",
        )
    check_in_zone(component, name, argument, arn.region, zone)
    return arn


def check_int(component: str, name: str, argument: str, value: object, low: int, high: int) -> int:
    """A whole number between ``low`` and ``high`` (booleans are not numbers here)."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise refuse(component, name, argument, f"{value!r} is not a whole number between {low} and {high}.")
    return value


def check_bool(component: str, name: str, argument: str, value: object) -> bool:
    """A plain ``True`` or ``False``: a flag that decides whether resources exist is never an output."""
    if not isinstance(value, bool):
        raise refuse(component, name, argument, f"{value!r} is not True or False.")
    return value


def dns_suffix(partition: str) -> str:
    """The DNS suffix of a partition's service endpoints (``amazonaws.com``, ``amazonaws.eu``), from botocore."""
    found = partitions().get(partition)
    if found is None:
        raise ResidencyError(f"{partition!r} is not an AWS partition botocore knows.")
    return found.dns_suffix


def endpoint_service_name(service: str, region: str, partition: str) -> str:
    """The VPC endpoint service name of a regional AWS service: the partition's DNS suffix reversed, then the
    region and the service (``com.amazonaws.eu-west-3.ecr.dkr``)."""
    prefix = ".".join(reversed(dns_suffix(partition).split(".")))
    return f"{prefix}.{region}.{service}"


def assume_role_policy(service: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    """A trust policy that lets one AWS service principal assume a role, optionally under a condition (the
    confused-deputy guard: ``aws:SourceAccount``, ``aws:SourceArn``)."""
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def check_known_arguments(
    component: str, name: str, args: Mapping[str, object], allowed: Iterable[str], unsafe: Mapping[str, str]
) -> None:
    """Refuse arguments the component does not have, instead of ignoring them.

    A TypedDict does not stop ``{"publicly_accessible": True}`` at run time, and silently dropping a setting
    someone asked for is worse than refusing it. ``unsafe`` maps settings that people reach for but that the
    component never offers (public access, replicas) to the reason why.
    """
    known = set(allowed)
    for argument in args:
        if argument in known:
            continue
        if argument in unsafe:
            raise refuse(component, name, argument, unsafe[argument])
        close = difflib.get_close_matches(str(argument), sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise refuse(
            component,
            name,
            str(argument),
            f"not an argument of {component}; {hint}the arguments are {', '.join(sorted(known))}.",
        )


def check_logs_key(component: str, name: str, allows_cloudwatch_logs: bool, log_group: str) -> None:
    """Refuse a key that CloudWatch Logs may not use: it could not encrypt ``log_group`` (``the flow log group``)."""
    if not allows_cloudwatch_logs:
        raise refuse(
            component,
            name,
            "key",
            f"the key does not allow CloudWatch Logs to use it, so it cannot encrypt {log_group}; create it with "
            "allow_cloudwatch_logs=True.",
        )
