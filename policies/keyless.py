"""Keyless request processing: requests are authenticated by identities, never by static keys.

Long-lived static keys (IAM access keys, console passwords, service-specific credentials such as Bedrock API keys,
provider ``accessKey``/``secretKey``, API Gateway and AppSync API keys, API keys declared in an OpenAPI body) leak,
travel, and can be used from any country; requests must be authenticated by federated identity (IAM roles and
authorization, Cognito or JWT authorizers). One rule body per concern; the per-type differences live in the tables
below.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog

from . import _openapi
from ._places import Ctx
from ._rule import Finding, Rule, Types, undetermined, violation
from ._values import UNKNOWN, Subject, is_true, select

AREA = "keyless"


def flag(subject: Subject, pattern: str, message: str) -> Iterator[Finding]:
    """Report a boolean property that is true (or unknown) at every path matching ``pattern``."""
    for path, value in select(subject.props, pattern):
        if value is UNKNOWN:
            yield undetermined(f"`{path}` is unknown at preview; {message}")
        elif is_true(value):
            yield violation(f"`{path}` is true: {message}")


# ------------------------------------------------------------------------------------------------------------
# keyless-static-credentials
# ------------------------------------------------------------------------------------------------------------

#: Types that are static credentials by themselves.
STATIC_CREDENTIAL_TYPES: Final[Mapping[str, str]] = {
    catalog.IAM_ACCESS_KEY: "an IAM access key (long-lived static credentials)",
    catalog.APIGW_API_KEY: "an API Gateway API key",
    catalog.APIGW_USAGE_PLAN_KEY: "an API Gateway usage-plan key (API keys used to admit callers)",
    catalog.APPSYNC_API_KEY: "an AppSync API key",
    catalog.LIGHTSAIL_BUCKET_ACCESS_KEY: "a Lightsail bucket access key (static credentials)",
    catalog.IAM_USER_LOGIN_PROFILE: "an IAM user login profile (a long-lived console password)",
    catalog.IAM_SERVICE_SPECIFIC_CREDENTIAL: "a service-specific credential (a long-lived password or API key, such "
                                             "as a Bedrock API key or a CodeCommit password)",
}

#: Where AppSync APIs list their authorization modes (an ``API_KEY`` mode admits holders of a static key).
APPSYNC_AUTH_MODES: Final[Mapping[str, tuple[str, ...]]] = {
    catalog.APPSYNC_GRAPHQL_API: ("authenticationType", "additionalAuthenticationProviders[].authenticationType"),
    catalog.APPSYNC_EVENT_API: ("eventConfig.authProviders[].authType", "eventConfig.connectionAuthModes[].authType",
                                "eventConfig.defaultPublishAuthModes[].authType",
                                "eventConfig.defaultSubscribeAuthModes[].authType"),
    catalog.APPSYNC_CHANNEL_NAMESPACE: ("publishAuthModes[].authType", "subscribeAuthModes[].authType"),
}

#: Provider inputs that hold long-lived static AWS credentials.
PROVIDER_KEYS: Final = ("accessKey", "secretKey")


def _listed(labels: list[str]) -> str:
    shown = ", ".join(labels[:3])
    return shown + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")

STATIC_CREDENTIALS = "keyless-static-credentials"


def static_credentials_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No static keys, and no API keys used to admit requests."""
    what = STATIC_CREDENTIAL_TYPES.get(subject.type)
    if what:
        yield violation(f"This resource is {what}. Use IAM roles, IAM authorization or a Cognito/JWT "
                        "authorizer instead of static keys.")
    elif subject.type in (catalog.APIGW_METHOD, catalog.APIGWV2_ROUTE):
        yield from flag(subject, "apiKeyRequired", "API keys are static shared secrets, not authentication. "
                                                    "Use an IAM or Cognito authorizer.")
    elif subject.type in APPSYNC_AUTH_MODES:
        for pattern in APPSYNC_AUTH_MODES[subject.type]:
            for path, mode in select(subject.props, pattern):
                if mode == "API_KEY":
                    yield violation(f"`{path}` is API_KEY: API keys are static shared secrets. Use AWS_IAM, "
                                    f"AMAZON_COGNITO_USER_POOLS or OPENID_CONNECT.")
    elif subject.type == catalog.AWS_PROVIDER:
        present = [k for k in PROVIDER_KEYS if subject.props.get(k) not in (None, "", UNKNOWN)]
        unknown = [k for k in PROVIDER_KEYS if subject.props.get(k) is UNKNOWN]
        if present:
            yield violation(f"{' and '.join(f'`{k}`' for k in present)} give this provider long-lived static AWS "
                            "credentials. Use a role (`assumeRoles`), OIDC web identity or the temporary credentials "
                            "of the environment instead.")
        elif unknown:
            yield undetermined(f"{' and '.join(f'`{k}`' for k in unknown)} unknown at preview; static credentials "
                               "in a provider are long-lived keys.")
    elif subject.type == catalog.APIGW_REST_API and subject.props.get("body") not in (None, ""):
        spec = _openapi.parse(subject.props.get("body"))
        if spec.unknown:
            return  # keyless-unauthenticated-method reports a body it cannot read
        if spec.api_key_source():
            yield violation("`body` declares `x-amazon-apigateway-api-key-source`: API keys are static shared "
                            "secrets, not authentication. Use an IAM or Cognito authorizer.")
        keyed = [op.label for op in spec.operations() if op.method != "OPTIONS" and spec.authorization(op).api_key]
        if keyed:
            yield violation(f"`body` requires API keys on {_listed(keyed)}: API keys are static shared secrets, "
                            "not authentication. Use an IAM or Cognito authorizer.")



KEYLESS_STATIC_CREDENTIALS_RULE = Rule(
    name=STATIC_CREDENTIALS,
    area=AREA,
    description="Requests must be authenticated by identities and roles, never by static access keys or API "
                "keys.",
    types=Types.of(*STATIC_CREDENTIAL_TYPES, catalog.APIGW_METHOD, catalog.APIGWV2_ROUTE, *APPSYNC_AUTH_MODES,
                   catalog.AWS_PROVIDER, catalog.APIGW_REST_API),
    scope="resource",
    check=static_credentials_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Remove IAM access keys, console passwords, service-specific credentials, provider keys and API "
                "keys (resources, AppSync modes, OpenAPI security schemes); use IAM roles, IAM authorization or "
                "token authorizers.",
)
# ------------------------------------------------------------------------------------------------------------
# keyless-unauthenticated-method
# ------------------------------------------------------------------------------------------------------------

UNAUTHENTICATED_METHOD = "keyless-unauthenticated-method"


def unauthenticated_method_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """REST API methods must be authorized; CORS preflight (OPTIONS) carries no content and is exempt."""
    if subject.type == catalog.APIGW_REST_API:
        yield from _body_methods(subject)
        return
    if subject.type != catalog.APIGW_METHOD or subject.props.get("httpMethod") == "OPTIONS":
        return
    authorization = subject.props.get("authorization")
    if authorization is UNKNOWN:
        yield undetermined("`authorization` is unknown at preview; the method may accept anonymous requests.")
    elif not isinstance(authorization, str) or authorization.upper() == "NONE":
        yield violation("`authorization` is NONE: anyone can call this method. Use AWS_IAM, "
                        "COGNITO_USER_POOLS or CUSTOM.")



def _body_methods(api: Subject) -> Iterator[Finding]:
    """The methods an OpenAPI ``body`` declares, judged as ``Method`` resources are."""
    if api.props.get("body") in (None, ""):
        return
    spec = _openapi.parse(api.props.get("body"))
    if spec.unknown:
        yield undetermined(f"`body` {spec.unknown}; an operation without authorization accepts anonymous "
                           "requests.")
        return
    open_ops = [op.label for op in spec.operations()
                if op.method != "OPTIONS" and spec.authorization(op).kind in ("none", "apikey")]
    if open_ops:
        them = "it" if len(open_ops) == 1 else "them"
        yield violation(f"`body` declares {_listed(open_ops)} without an authorizer API Gateway enforces (no IAM, "
                        f"Cognito or Lambda authorizer security requirement), so anyone can call {them}. Add one to "
                        "every operation.")


KEYLESS_UNAUTHENTICATED_METHOD_RULE = Rule(
    name=UNAUTHENTICATED_METHOD,
    area=AREA,
    description="API Gateway REST methods other than CORS preflight must require authorization.",
    types=Types.of(catalog.APIGW_METHOD, catalog.APIGW_REST_API),
    scope="resource",
    check=unauthenticated_method_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Set `authorization` to AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizer; in an OpenAPI "
                "`body`, give every operation a security requirement naming an awsSigv4, Cognito or Lambda "
                "authorizer scheme.",
)

RULES = (KEYLESS_STATIC_CREDENTIALS_RULE, KEYLESS_UNAUTHENTICATED_METHOD_RULE)
