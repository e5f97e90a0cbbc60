"""The front door of a resident service: an HTTPS-only application load balancer that signs users in, behind
the geo-restricting web ACL when it faces the internet.

:func:`check_authentication` refuses bad sign-in settings before anything exists; :func:`front_door` creates
the load balancer, its security group and rules, the target group, the listeners and the web ACL as children
of the service.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from residency.model import Zone

from ._common import check_int, check_user_pool_arn, refuse
from ._refs import check_https_url
from ._waf import geo_web_acl
from .network import ResidentNetwork

#: TLS 1.3 and 1.2 with forward-secret AEAD ciphers only.
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"

#: Sent on every HTTPS response: browsers stay on HTTPS for a year.
HSTS = "max-age=31536000; includeSubDomains"

#: The default length of a sign-in session, in seconds.
SESSION_SECONDS = 3600


class CognitoAuthentication(TypedDict):
    """Sign-in through a Cognito user pool (the load balancer's ``authenticate-cognito`` action)."""

    user_pool_arn: str
    """The user pool's ARN; it must be in the zone."""

    user_pool_client_id: pulumi.Input[str]
    """The app client the load balancer signs users in with (its callback URL is
    ``https://<host>/oauth2/idpresponse``)."""

    user_pool_domain: pulumi.Input[str]
    """The user pool's domain prefix (or custom domain)."""

    scope: NotRequired[str]
    """The OAuth scopes asked for; defaults to ``openid``."""

    session_timeout: NotRequired[int]
    """Seconds a sign-in lasts, 60 to 604,800; defaults to 3,600."""


class OidcAuthentication(TypedDict):
    """Sign-in through an OpenID Connect identity provider (the load balancer's ``authenticate-oidc`` action).

    Where the provider processes sign-ins is the caller's responsibility; a Cognito host is checked against
    the zone, other hosts cannot be located from their name.
    """

    issuer: str
    """The issuer URL (``https://``)."""

    authorization_endpoint: str
    """The authorization endpoint URL (``https://``)."""

    token_endpoint: str
    """The token endpoint URL (``https://``)."""

    user_info_endpoint: str
    """The user info endpoint URL (``https://``)."""

    client_id: pulumi.Input[str]
    """The client id registered with the provider."""

    client_secret: pulumi.Output[str]
    """The client secret, as a Pulumi secret (``pulumi.Config().require_secret(...)``); a plain string is
    refused, because it would sit unencrypted in the program and the state."""

    scope: NotRequired[str]
    """The OAuth scopes asked for; defaults to ``openid``."""

    session_timeout: NotRequired[int]
    """Seconds a sign-in lasts, 60 to 604,800; defaults to 3,600."""


class Authentication(TypedDict):
    """How the load balancer authenticates users before a request reaches a task: exactly one of the two."""

    cognito: NotRequired[CognitoAuthentication]
    """Sign in through a Cognito user pool."""

    oidc: NotRequired[OidcAuthentication]
    """Sign in through an OpenID Connect provider."""


_REQUIRED = {
    "cognito": ("user_pool_arn", "user_pool_client_id", "user_pool_domain"),
    "oidc": ("issuer", "authorization_endpoint", "token_endpoint", "user_info_endpoint", "client_id", "client_secret"),
}
_URLS = ("issuer", "authorization_endpoint", "token_endpoint", "user_info_endpoint")


def check_authentication(kind: str, name: str, value: object, internal: bool, zone: Zone) -> Mapping[str, Any] | None:
    """The sign-in settings: required when internet-facing, refused when internal (an internal load balancer
    sits in private subnets without a route to any identity provider)."""
    if value is None:
        if not internal:
            raise refuse(
                kind,
                name,
                "authentication",
                "an internet-facing service must sign users in at the load balancer: pass "
                "authentication={'cognito': {...}} or {'oidc': {...}}, or set internal=True for a service reached "
                "only inside the VPC.",
            )
        return None
    if internal:
        raise refuse(
            kind,
            name,
            "authentication",
            "an internal load balancer cannot sign users in: the network's private subnets have no route to an "
            "identity provider. Drop it, or make the service internet-facing.",
        )
    if not isinstance(value, Mapping) or len(value) != 1 or next(iter(value)) not in _REQUIRED:
        raise refuse(kind, name, "authentication", "pass exactly one of {'cognito': {...}} or {'oidc': {...}}.")
    method, settings = next(iter(value.items()))
    where = f"authentication.{method}"
    if not isinstance(settings, Mapping):
        raise refuse(kind, name, where, "pass a dict of its settings.")
    allowed = {*_REQUIRED[method], "scope", "session_timeout"}
    for field in settings:
        if field not in allowed:
            known = ", ".join(sorted(allowed))
            raise refuse(kind, name, f"{where}.{field}", f"not a setting; the settings are {known}.")
    for field in _REQUIRED[method]:
        if settings.get(field) in (None, ""):
            raise refuse(kind, name, f"{where}.{field}", "is required.")
    if method == "cognito":
        check_user_pool_arn(kind, name, f"{where}.user_pool_arn", settings["user_pool_arn"], zone)
    else:
        for field in _URLS:
            url = settings[field]
            if not isinstance(url, str):
                raise refuse(kind, name, f"{where}.{field}", "pass the URL as a plain string.")
            check_https_url(kind, name, f"{where}.{field}", url, zone)
        if not isinstance(settings["client_secret"], pulumi.Output):
            raise refuse(
                kind,
                name,
                f"{where}.client_secret",
                "pass a Pulumi secret (pulumi.Config().require_secret('...')), not a plain string: a literal "
                "would sit unencrypted in the program and the state (the value is not shown).",
            )
    scope = settings.get("scope", "openid")
    if not isinstance(scope, str) or not scope.strip():
        raise refuse(kind, name, f"{where}.scope", f"{scope!r} is not a list of OAuth scopes.")
    check_int(kind, name, f"{where}.session_timeout", settings.get("session_timeout", SESSION_SECONDS), 60, 604_800)
    return value


def sign_in_actions(settings: Mapping[str, Any] | None) -> list[aws.lb.ListenerDefaultActionArgs]:
    """The sign-in action (order 1) that precedes the forward, if any; unauthenticated requests are sent to
    sign in, never passed through."""
    if not settings:
        return []
    method, given = next(iter(settings.items()))
    common: dict[str, Any] = {
        "scope": given.get("scope", "openid"),
        "session_timeout": given.get("session_timeout", SESSION_SECONDS),
        "on_unauthenticated_request": "authenticate",
    }
    if method == "cognito":
        return [
            aws.lb.ListenerDefaultActionArgs(
                type="authenticate-cognito",
                order=1,
                authenticate_cognito=aws.lb.ListenerDefaultActionAuthenticateCognitoArgs(
                    user_pool_arn=given["user_pool_arn"],
                    user_pool_client_id=given["user_pool_client_id"],
                    user_pool_domain=given["user_pool_domain"],
                    **common,
                ),
            )
        ]
    return [
        aws.lb.ListenerDefaultActionArgs(
            type="authenticate-oidc",
            order=1,
            authenticate_oidc=aws.lb.ListenerDefaultActionAuthenticateOidcArgs(
                **{field: given[field] for field in _URLS},
                client_id=given["client_id"],
                client_secret=pulumi.Output.secret(given["client_secret"]),
                **common,
            ),
        )
    ]


@dataclass(frozen=True)
class FrontDoorSettings:
    """What :func:`front_door` needs besides the resources it connects."""

    internal: bool
    port: int
    health_check_path: str
    http_redirect: bool
    authentication: Mapping[str, Any] | None
    countries: Sequence[str]
    rate_limit: int


@dataclass(frozen=True)
class FrontDoor:
    """The resources of a front door that the service refers to."""

    load_balancer: aws.lb.LoadBalancer
    target_group: aws.lb.TargetGroup
    https_listener: aws.lb.Listener
    web_acl: aws.wafv2.WebAcl | None


def front_door(
    name: str,
    network: ResidentNetwork,
    tasks: aws.ec2.SecurityGroup,
    certificate_arn: pulumi.Input[str],
    settings: FrontDoorSettings,
    tags: dict[str, str],
    options: pulumi.ResourceOptions,
) -> FrontDoor:
    """Create ``<name>-alb`` and what goes with it: its security group and the rules between it and the tasks'
    group, the target group, the HTTPS listener (sign-in, then forward), the optional HTTP redirect, and the
    geo-restricting web ACL of an internet-facing load balancer."""
    group = aws.ec2.SecurityGroup(
        f"{name}-alb-security-group",
        vpc_id=network.vpc_id,
        description=f"{name}: HTTPS in; the tasks' port out",
        tags=tags,
        opts=options,
    )
    # Internet-facing: anyone may connect, and the web ACL decides who is served; internal: the VPC only.
    clients = network.cidr_block if settings.internal else "0.0.0.0/0"
    rules: list[tuple[str, bool, pulumi.Output[str], int, dict[str, Any]]] = [
        ("alb-https-in", True, group.id, 443, {"cidr_ipv4": clients}),
        ("alb-to-tasks", False, group.id, settings.port, {"referenced_security_group_id": tasks.id}),
        ("tasks-from-alb", True, tasks.id, settings.port, {"referenced_security_group_id": group.id}),
    ]
    if settings.http_redirect:
        rules.append(("alb-http-redirect-in", True, group.id, 80, {"cidr_ipv4": clients}))
    if settings.authentication:
        # The load balancer itself calls the identity provider's token and user info endpoints.
        rules.append(("alb-to-identity-provider", False, group.id, 443, {"cidr_ipv4": "0.0.0.0/0"}))
    for role, inbound, owner, port, peer in rules:
        security_group_rule(f"{name}-{role}", inbound, owner, port, peer, tags, options)

    balancer = aws.lb.LoadBalancer(
        f"{name}-alb",
        load_balancer_type="application",
        internal=settings.internal,
        ip_address_type="ipv4",
        subnets=network.private_subnet_ids if settings.internal else network.public_subnet_ids,
        security_groups=[group.id],
        drop_invalid_header_fields=True,
        desync_mitigation_mode="strictest",
        enable_waf_fail_open=False,
        tags=tags,
        opts=options,
    )
    targets = aws.lb.TargetGroup(
        f"{name}-targets",
        target_type="ip",
        protocol="HTTP",
        port=settings.port,
        vpc_id=network.vpc_id,
        deregistration_delay=30,
        health_check=aws.lb.TargetGroupHealthCheckArgs(
            path=settings.health_check_path, protocol="HTTP", matcher="200-399"
        ),
        tags=tags,
        opts=options,
    )
    forward = aws.lb.ListenerDefaultActionArgs(type="forward", target_group_arn=targets.arn, order=2)
    https = aws.lb.Listener(
        f"{name}-https",
        load_balancer_arn=balancer.arn,
        port=443,
        protocol="HTTPS",
        ssl_policy=TLS_POLICY,
        certificate_arn=certificate_arn,
        default_actions=[*sign_in_actions(settings.authentication), forward],
        routing_http_response_server_enabled=False,
        routing_http_response_strict_transport_security_header_value=HSTS,
        tags=tags,
        opts=options,
    )
    if settings.http_redirect:
        aws.lb.Listener(
            f"{name}-http-redirect",
            load_balancer_arn=balancer.arn,
            port=80,
            protocol="HTTP",
            default_actions=[
                aws.lb.ListenerDefaultActionArgs(
                    type="redirect",
                    redirect=aws.lb.ListenerDefaultActionRedirectArgs(
                        protocol="HTTPS", port="443", status_code="HTTP_301"
                    ),
                )
            ],
            tags=tags,
            opts=options,
        )
    web_acl = None
    if not settings.internal:
        web_acl = geo_web_acl(name, settings.countries, settings.rate_limit, balancer.arn, tags, options)
    return FrontDoor(balancer, targets, https, web_acl)


def security_group_rule(
    resource_name: str,
    inbound: bool,
    group_id: pulumi.Input[str],
    port: int,
    peer: Mapping[str, Any],
    tags: dict[str, str],
    options: pulumi.ResourceOptions,
) -> None:
    """One TCP port rule on the group ``group_id`` (a separate rule resource, never inline rules); ``peer``
    names the other side: ``cidr_ipv4``, ``referenced_security_group_id`` or ``prefix_list_id``."""
    kind = aws.vpc.SecurityGroupIngressRule if inbound else aws.vpc.SecurityGroupEgressRule
    kind(
        resource_name,
        security_group_id=group_id,
        description=resource_name,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        tags=tags,
        opts=options,
        **peer,
    )
