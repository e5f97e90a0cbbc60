"""Keyless and stateless request processing.

Keyless: requests are authenticated by federated identity (IAM roles, authorizers), never by long-lived
static keys, which leak, travel, and can be used from any country. Stateless: the request path keeps no copy
of request or response data outside the resources the residency policies already judge (no API Gateway
response cache, no data-trace logging of full payloads, no edge-optimised endpoints or edge compute
that process requests at CloudFront locations worldwide) and logs do not pile up forever.

One rule body per concern; the per-type differences live in the tables below.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from residency import catalog

from ._context import UNKNOWN, Ctx, Finding, Subject, endpoint_types, is_true, select, undetermined, violation
from ._registry import resource_policy, run_resource_check


def _flag(subject: Subject, pattern: str, message: str) -> Iterator[Finding]:
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
        yield from _flag(subject, "apiKeyRequired", "API keys are static shared secrets, not authentication. "
                                                    "Use an IAM or Cognito authorizer.")
    elif subject.type == catalog.APPSYNC_GRAPHQL_API:
        modes = [("authenticationType", subject.props.get("authenticationType"))]
        modes += select(subject.props, "additionalAuthenticationProviders[].authenticationType")
        for path, mode in modes:
            if mode == "API_KEY":
                yield violation(f"`{path}` is API_KEY: API keys are static shared secrets. Use AWS_IAM, "
                                f"AMAZON_COGNITO_USER_POOLS or OPENID_CONNECT.")


def keyless_static_credentials_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report static credentials and API keys."""
    run_resource_check(args, report, STATIC_CREDENTIALS, static_credentials_check)


keyless_static_credentials = resource_policy(
    name=STATIC_CREDENTIALS,
    description="Requests must be authenticated by identities and roles, never by static access keys or API "
                "keys.",
    validator=keyless_static_credentials_validator,
    check=static_credentials_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Remove IAM access keys and API keys; use IAM roles, IAM authorization or token authorizers.",
    resource_types=(*STATIC_CREDENTIAL_TYPES, catalog.APIGW_METHOD, catalog.APPSYNC_GRAPHQL_API),
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


def keyless_unauthenticated_method_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report REST API methods without authorization."""
    run_resource_check(args, report, UNAUTHENTICATED_METHOD, unauthenticated_method_check)


keyless_unauthenticated_method = resource_policy(
    name=UNAUTHENTICATED_METHOD,
    description="API Gateway REST methods other than CORS preflight must require authorization.",
    validator=keyless_unauthenticated_method_validator,
    check=unauthenticated_method_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Set `authorization` to AWS_IAM, COGNITO_USER_POOLS or CUSTOM with an authorizer.",
    resource_types=(catalog.APIGW_METHOD,),
)

# ------------------------------------------------------------------------------------------------------------
# stateless-response-cache and stateless-data-trace: boolean properties driven by tables
# ------------------------------------------------------------------------------------------------------------

#: Where a response cache is switched on, per type.
CACHE_FLAGS: Final[Mapping[str, tuple[str, ...]]] = {
    catalog.APIGW_STAGE: ("cacheClusterEnabled",),
    catalog.APIGW_METHOD_SETTINGS: ("settings.cachingEnabled",),
}

RESPONSE_CACHE = "stateless-response-cache"


def response_cache_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No response caches on the request path."""
    for pattern in CACHE_FLAGS.get(subject.type, ()):
        yield from _flag(subject, pattern, "a response cache keeps copies of responses (customer content) "
                                           "outside the request. Disable caching.")
    if subject.type == catalog.APPSYNC_API_CACHE:
        yield violation("An AppSync API cache keeps copies of resolver results (customer content). Remove "
                        "it.")


def stateless_response_cache_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report API response caches."""
    run_resource_check(args, report, RESPONSE_CACHE, response_cache_check)


stateless_response_cache = resource_policy(
    name=RESPONSE_CACHE,
    description="API responses must not be cached by API Gateway or AppSync.",
    validator=stateless_response_cache_validator,
    check=response_cache_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `cacheClusterEnabled` and `settings.cachingEnabled` to false and remove AppSync API "
                "caches.",
    resource_types=(*CACHE_FLAGS, catalog.APPSYNC_API_CACHE),
)

#: Where full request and response logging is switched on, per type.
DATA_TRACE_FLAGS: Final[Mapping[str, tuple[str, ...]]] = {
    catalog.APIGW_METHOD_SETTINGS: ("settings.dataTraceEnabled",),
    catalog.APIGWV2_STAGE: ("defaultRouteSettings.dataTraceEnabled", "routeSettings[].dataTraceEnabled"),
}

DATA_TRACE = "stateless-data-trace"


def data_trace_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No data-trace logging of full payloads."""
    for pattern in DATA_TRACE_FLAGS.get(subject.type, ()):
        yield from _flag(subject, pattern, "data tracing writes full requests and responses (customer "
                                           "content) to CloudWatch Logs. Disable it.")


def stateless_data_trace_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report data-trace logging."""
    run_resource_check(args, report, DATA_TRACE, data_trace_check)


stateless_data_trace = resource_policy(
    name=DATA_TRACE,
    description="API Gateway must not log full request and response bodies (data trace).",
    validator=stateless_data_trace_validator,
    check=data_trace_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `dataTraceEnabled` to false; keep access logs, which record metadata only.",
    resource_types=tuple(DATA_TRACE_FLAGS),
)

# ------------------------------------------------------------------------------------------------------------
# stateless-edge-endpoint and stateless-edge-compute
# ------------------------------------------------------------------------------------------------------------

#: The endpoint types that are not edge-optimised, spelled exactly as API Gateway does; anything else (EDGE,
#: ``"edge"``, ``"Regional "``, an unknown element, a wrong type) fails closed.
_NON_EDGE_TYPES: Final = ("REGIONAL", "PRIVATE")

#: Types whose ``endpointConfiguration.types`` defaults to EDGE when absent.
EDGE_DEFAULT_TYPES: Final = (catalog.APIGW_REST_API, catalog.APIGW_DOMAIN_NAME)

EDGE_ENDPOINT = "stateless-edge-endpoint"


def edge_endpoint_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """REST APIs and domain names must be REGIONAL or PRIVATE, not EDGE (the default)."""
    if subject.type not in EDGE_DEFAULT_TYPES:
        return
    types = endpoint_types(subject.props)
    if types is UNKNOWN:
        yield undetermined("`endpointConfiguration.types` is unknown at preview; EDGE endpoints terminate "
                           "requests at CloudFront locations worldwide.")
    elif not isinstance(types, list) or not types:
        yield violation("`endpointConfiguration.types` is not set, so API Gateway uses EDGE, which "
                        "terminates requests at CloudFront locations worldwide. Set it to REGIONAL or "
                        "PRIVATE.")
    elif any(t not in _NON_EDGE_TYPES for t in types):
        yield violation("`endpointConfiguration.types` includes EDGE (or an unrecognised value), which "
                        "terminates requests at CloudFront locations worldwide. Use REGIONAL or PRIVATE.")


def stateless_edge_endpoint_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report edge-optimised API endpoints."""
    run_resource_check(args, report, EDGE_ENDPOINT, edge_endpoint_check)


stateless_edge_endpoint = resource_policy(
    name=EDGE_ENDPOINT,
    description="API Gateway REST APIs and custom domain names must use REGIONAL or PRIVATE endpoints, not "
                "EDGE.",
    validator=stateless_edge_endpoint_validator,
    check=edge_endpoint_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Set `endpointConfiguration.types` to [\"REGIONAL\"] (or [\"PRIVATE\"]).",
    resource_types=EDGE_DEFAULT_TYPES,
)

#: Cache behaviours of a distribution and the association lists that run code at the edge.
_BEHAVIOURS: Final = ("defaultCacheBehavior", "orderedCacheBehaviors[]")
_EDGE_ASSOCIATIONS: Final = ("lambdaFunctionAssociations", "functionAssociations")
EDGE_FUNCTION_TYPES: Final = (catalog.CLOUDFRONT_FUNCTION, catalog.CLOUDFRONT_CONNECTION_FUNCTION)

EDGE_COMPUTE = "stateless-edge-compute"


def edge_compute_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No Lambda@Edge or CloudFront Functions: they process requests at edge locations worldwide."""
    if subject.type in EDGE_FUNCTION_TYPES:
        yield violation("CloudFront functions run at edge locations worldwide, outside the zone. Process "
                        "requests in the zone instead.")
        return
    if subject.type != catalog.CLOUDFRONT_DISTRIBUTION:
        return
    for behaviour in _BEHAVIOURS:
        for association in _EDGE_ASSOCIATIONS:
            for path, value in select(subject.props, f"{behaviour}.{association}"):
                if value is UNKNOWN:
                    yield undetermined(f"`{path}` is unknown at preview; it may run code at CloudFront edge "
                                       f"locations worldwide.")
                elif value:
                    yield violation(f"`{path}` runs code at CloudFront edge locations worldwide (Lambda@Edge "
                                    "or CloudFront Functions), outside the zone. Remove the association.")


def stateless_edge_compute_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report edge compute on CloudFront."""
    run_resource_check(args, report, EDGE_COMPUTE, edge_compute_check)


stateless_edge_compute = resource_policy(
    name=EDGE_COMPUTE,
    description="Requests must not be processed by Lambda@Edge or CloudFront Functions at edge locations.",
    validator=stateless_edge_compute_validator,
    check=edge_compute_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Remove `lambdaFunctionAssociations` and `functionAssociations`; run the logic in the zone.",
    resource_types=(catalog.CLOUDFRONT_DISTRIBUTION, *EDGE_FUNCTION_TYPES),
)

# ------------------------------------------------------------------------------------------------------------
# stateless-log-retention
# ------------------------------------------------------------------------------------------------------------

LOG_RETENTION = "stateless-log-retention"


def log_retention_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """Log groups must expire their events (``retentionInDays`` set and not 0)."""
    if subject.type != catalog.LOG_GROUP:
        return
    days = subject.props.get("retentionInDays")
    if days is UNKNOWN:
        yield undetermined("`retentionInDays` is unknown at preview; the log group may keep events forever.")
    elif isinstance(days, bool) or not isinstance(days, int | float) or days <= 0:
        yield violation("`retentionInDays` is not set (or 0), so the log group keeps events forever. Set a "
                        "bounded retention such as 7 or 30 days.")


def stateless_log_retention_validator(args: ResourceValidationArgs, report: ReportViolation) -> None:
    """Report log groups without bounded retention."""
    run_resource_check(args, report, LOG_RETENTION, log_retention_check)


stateless_log_retention = resource_policy(
    name=LOG_RETENTION,
    description="CloudWatch log groups must have a bounded retention period.",
    validator=stateless_log_retention_validator,
    check=log_retention_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `retentionInDays` to one of the CloudWatch retention periods (for example 7, 30 or 90).",
    resource_types=(catalog.LOG_GROUP,),
)
