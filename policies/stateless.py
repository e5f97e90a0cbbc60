"""Stateless request processing: the request path keeps no copy of request or response data.

No API Gateway or AppSync response cache, no data-trace logging of full payloads, no edge-optimised endpoints or
edge compute that process requests at CloudFront locations worldwide, and logs that do not pile up forever.
One rule body per concern; the per-type differences live in the tables below.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog

from ._places import Ctx
from ._rule import Finding, Rule, Types, undetermined, violation
from ._values import UNKNOWN, Subject, select
from .keyless import flag as _flag

AREA = "stateless"


def endpoint_types(props: Any) -> Any:
    """``endpointConfiguration.types`` as a list, ``UNKNOWN``, or ``None`` when absent or malformed.

    pulumi-aws 7 takes a single string (``"REGIONAL"``); earlier major versions took a list. Both are read. A REST
    API imported from an OpenAPI ``body`` without ``endpointConfiguration`` takes its type from the import
    parameter ``parameters.endpointConfigurationTypes`` (the body itself has no endpoint type).
    """
    config = props.get("endpointConfiguration")
    if config is UNKNOWN:
        return UNKNOWN
    types = config.get("types") if isinstance(config, Mapping) else None
    if types is UNKNOWN:
        return UNKNOWN
    if isinstance(types, str):
        return [types]
    if isinstance(types, list) and types:
        return types
    if config in (None, {}) and props.get("body") not in (None, ""):
        parameters = props.get("parameters")
        imported = parameters.get("endpointConfigurationTypes") if isinstance(parameters, Mapping) else None
        if parameters is UNKNOWN or imported is UNKNOWN:
            return UNKNOWN
        if isinstance(imported, str) and imported:
            return [imported]
    return types if isinstance(types, list) else None


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



STATELESS_RESPONSE_CACHE_RULE = Rule(
    name=RESPONSE_CACHE,
    area=AREA,
    description="API responses must not be cached by API Gateway or AppSync.",
    types=Types.of(*CACHE_FLAGS, catalog.APPSYNC_API_CACHE),
    scope="resource",
    check=response_cache_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `cacheClusterEnabled` and `settings.cachingEnabled` to false and remove AppSync API "
                "caches.",
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



STATELESS_DATA_TRACE_RULE = Rule(
    name=DATA_TRACE,
    area=AREA,
    description="API Gateway must not log full request and response bodies (data trace).",
    types=Types.of(*tuple(DATA_TRACE_FLAGS)),
    scope="resource",
    check=data_trace_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `dataTraceEnabled` to false; keep access logs, which record metadata only.",
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



STATELESS_EDGE_ENDPOINT_RULE = Rule(
    name=EDGE_ENDPOINT,
    area=AREA,
    description="API Gateway REST APIs and custom domain names must use REGIONAL or PRIVATE endpoints, not "
                "EDGE.",
    types=Types.of(*EDGE_DEFAULT_TYPES),
    scope="resource",
    check=edge_endpoint_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Set `endpointConfiguration.types` to [\"REGIONAL\"] (or [\"PRIVATE\"]).",
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



STATELESS_EDGE_COMPUTE_RULE = Rule(
    name=EDGE_COMPUTE,
    area=AREA,
    description="Requests must not be processed by Lambda@Edge or CloudFront Functions at edge locations.",
    types=Types.of(catalog.CLOUDFRONT_DISTRIBUTION, *EDGE_FUNCTION_TYPES),
    scope="resource",
    check=edge_compute_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation="Remove `lambdaFunctionAssociations` and `functionAssociations`; run the logic in the zone.",
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



STATELESS_LOG_RETENTION_RULE = Rule(
    name=LOG_RETENTION,
    area=AREA,
    description="CloudWatch log groups must have a bounded retention period.",
    types=Types.of(catalog.LOG_GROUP),
    scope="resource",
    check=log_retention_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `retentionInDays` to one of the CloudWatch retention periods (for example 7, 30 or 90).",
)

RULES = (
    STATELESS_RESPONSE_CACHE_RULE,
    STATELESS_DATA_TRACE_RULE,
    STATELESS_EDGE_ENDPOINT_RULE,
    STATELESS_EDGE_COMPUTE_RULE,
    STATELESS_LOG_RETENTION_RULE,
)
