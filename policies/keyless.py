"""Keyless request processing: requests are authenticated by identities, never by static keys.

Long-lived static keys (IAM access keys, API keys) leak, travel, and can be used from any country; requests must
be authenticated by federated identity (IAM roles and authorization, Cognito or JWT authorizers). One rule body
per concern; the per-type differences live in the tables below.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog

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
}

STATIC_CREDENTIALS = "keyless-static-credentials"


def static_credentials_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No static keys, and no API keys used to admit requests."""
    what = STATIC_CREDENTIAL_TYPES.get(subject.type)
    if what:
        yield violation(f"This resource is {what}. Use IAM roles, IAM authorization or a Cognito/JWT "
                        "authorizer instead of static keys.")
    elif subject.type == catalog.APIGW_METHOD:
        yield from flag(subject, "apiKeyRequired", "API keys are static shared secrets, not authentication. "
                                                    "Use an IAM or Cognito authorizer.")
    elif subject.type == catalog.APPSYNC_GRAPHQL_API:
        modes = [("authenticationType", subject.props.get("authenticationType"))]
        modes += select(subject.props, "additionalAuthenticationProviders[].authenticationType")
        for path, mode in modes:
            if mode == "API_KEY":
                yield violation(f"`{path}` is API_KEY: API keys are static shared secrets. Use AWS_IAM, "
                                f"AMAZON_COGNITO_USER_POOLS or OPENID_CONNECT.")



KEYLESS_STATIC_CREDENTIALS_RULE = Rule(
    name=STATIC_CREDENTIALS,
    area=AREA,
    description="Requests must be authenticated by identities and roles, never by static access keys or API "
                "keys.",
    types=Types.of(*STATIC_CREDENTIAL_TYPES, catalog.APIGW_METHOD, catalog.APPSYNC_GRAPHQL_API),
    scope="resource",
    check=static_credentials_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Remove IAM access keys and API keys; use IAM roles, IAM authorization or token authorizers.",
)
# ------------------------------------------------------------------------------------------------------------
# keyless-unauthenticated-method
# ------------------------------------------------------------------------------------------------------------

UNAUTHENTICATED_METHOD = "keyless-unauthenticated-method"


def unauthenticated_method_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """REST API methods must be authorized; CORS preflight (OPTIONS) carries no content and is exempt."""
    if subject.type != catalog.APIGW_METHOD or subject.props.get("httpMethod") == "OPTIONS":
        return
    authorization = subject.props.get("authorization")
    if authorization is UNKNOWN:
        yield undetermined("`authorization` is unknown at preview; the method may accept anonymous requests.")
    elif not isinstance(authorization, str) or authorization.upper() == "NONE":
        yield violation("`authorization` is NONE: anyone can call this method. Use AWS_IAM, "
                        "COGNITO_USER_POOLS or CUSTOM.")



KEYLESS_UNAUTHENTICATED_METHOD_RULE = Rule(
    name=UNAUTHENTICATED_METHOD,
    area=AREA,
    description="API Gateway REST methods other than CORS preflight must require authorization.",
    types=Types.of(catalog.APIGW_METHOD),
    scope="resource",
    check=unauthenticated_method_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Set `authorization` to AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizer.",
)

RULES = (KEYLESS_STATIC_CREDENTIALS_RULE, KEYLESS_UNAUTHENTICATED_METHOD_RULE)
