"""Stateless request processing: the request path keeps no copy of request or response data.

No API Gateway or AppSync response cache, no CloudFront cache of dynamic API origins, no logging of full payloads
(API Gateway data trace, AppSync verbose field logs, Step Functions execution data, Bedrock invocation bodies), no
edge-optimised endpoints or edge compute that process requests at CloudFront locations worldwide, and logs that do
not pile up forever (a DELIVERY log group's one-day retention is fixed by AWS). One rule body per concern; the
per-type differences live in the tables below.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog

from ._places import Ctx
from ._rule import Finding, Rule, Types, undetermined, violation
from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_list, as_mapping, is_true, select
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


#: AppSync field log levels that log every field's resolution (with verbose content: headers, context, data).
_VERBOSE_LEVELS: Final = ("ALL", "DEBUG")
#: Bedrock invocation logging flags that deliver prompt and response bodies (each defaults to true).
BEDROCK_BODY_FLAGS: Final = ("textDataDeliveryEnabled", "imageDataDeliveryEnabled", "embeddingDataDeliveryEnabled",
                             "videoDataDeliveryEnabled")


def data_trace_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No logging of full payloads: API Gateway data trace, AppSync verbose field logs, Step Functions execution
    data, Bedrock invocation bodies."""
    for pattern in DATA_TRACE_FLAGS.get(subject.type, ()):
        yield from _flag(subject, pattern, "data tracing writes full requests and responses (customer "
                                           "content) to CloudWatch Logs. Disable it.")
    if subject.type == catalog.APPSYNC_GRAPHQL_API:
        yield from _appsync_logs(subject)
    elif subject.type == catalog.SFN_STATE_MACHINE:
        config = subject.props.get("loggingConfiguration")
        level = as_mapping(config).get("level")
        if config is UNKNOWN or level is UNKNOWN:
            yield undetermined("`loggingConfiguration` is unknown at preview; execution data logging writes every "
                               "execution's input and output to CloudWatch Logs.")
        elif level not in (None, "OFF"):
            yield from _flag(subject, "loggingConfiguration.includeExecutionData",
                             "Step Functions writes every execution's input and output (customer content) to "
                             "CloudWatch Logs. Set it to false.")
    elif subject.type == catalog.BEDROCK_INVOCATION_LOGGING:
        config = subject.props.get("loggingConfig")
        if config is UNKNOWN or any(as_mapping(config).get(f) is UNKNOWN for f in BEDROCK_BODY_FLAGS):
            yield undetermined("`loggingConfig` is unknown at preview; Bedrock delivers prompt and response "
                               "bodies to the logs unless every data delivery flag is false.")
            return
        on = [f for f in BEDROCK_BODY_FLAGS if as_mapping(config).get(f) is None or is_true(as_mapping(config)[f])]
        if on:
            yield violation(f"{', '.join(f'`loggingConfig.{f}`' for f in on)} deliver prompt and response bodies "
                            "(customer content) to the logs (each is true unless set to false). Set them to false "
                            "to log metadata only.")


def _appsync_logs(api: Subject) -> Iterator[Finding]:
    config = api.props.get("logConfig")
    if config in (None, {}):
        return
    level = as_mapping(config).get("fieldLogLevel")
    verbose = as_mapping(config).get("excludeVerboseContent")
    if config is UNKNOWN or level is UNKNOWN or (level in _VERBOSE_LEVELS and verbose is UNKNOWN):
        yield undetermined("`logConfig` is unknown at preview; field logging with verbose content writes request "
                           "and response data to CloudWatch Logs.")
    elif level in _VERBOSE_LEVELS and not is_true(verbose):
        yield violation(f"`logConfig.fieldLogLevel` is {level} and `logConfig.excludeVerboseContent` is not true, "
                        "so AppSync writes request and response data (headers, context, resolved values) to "
                        "CloudWatch Logs. Set `excludeVerboseContent` to true or log ERROR only.")



STATELESS_DATA_TRACE_RULE = Rule(
    name=DATA_TRACE,
    area=AREA,
    description="Request and response bodies must not be written to logs (API Gateway data trace, AppSync "
                "verbose field logs, Step Functions execution data, Bedrock invocation bodies).",
    types=Types.of(*tuple(DATA_TRACE_FLAGS), catalog.APPSYNC_GRAPHQL_API, catalog.SFN_STATE_MACHINE,
                   catalog.BEDROCK_INVOCATION_LOGGING),
    scope="resource",
    check=data_trace_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Set `dataTraceEnabled` to false, AppSync `excludeVerboseContent` to true (or log ERROR only), "
                "Step Functions `includeExecutionData` to false and Bedrock's data delivery flags to false; keep "
                "access logs, which record metadata only.",
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
    """Log groups must expire their events (``retentionInDays`` set and not 0).

    A log group of class DELIVERY keeps events for one day, fixed by AWS, and takes no retention setting
    (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html).
    """
    if subject.type != catalog.LOG_GROUP:
        return
    days = subject.props.get("retentionInDays")
    log_class = subject.props.get("logGroupClass")
    if log_class == "DELIVERY":
        return
    if log_class is UNKNOWN and not (isinstance(days, int | float) and not isinstance(days, bool) and days > 0):
        yield undetermined("`logGroupClass` is unknown at preview and `retentionInDays` is not set; unless the "
                           "class is DELIVERY, the log group keeps events forever.")
        return
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

# ------------------------------------------------------------------------------------------------------------
# stateless-edge-cache (stack)
# ------------------------------------------------------------------------------------------------------------

EDGE_CACHE = "stateless-edge-cache"

#: Managed cache policies (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html):
#: CachingDisabled keeps nothing; the others cache.
CACHING_DISABLED: Final = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
MANAGED_CACHING: Final = frozenset({
    "658327ea-f89d-4fab-a63d-7e88639e58f6",  # CachingOptimized
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d",  # CachingOptimizedForUncompressedObjects
    "08627262-05a9-4f76-9ded-b50ca2e3a84f",  # Elemental-MediaPackage
    "2e54312d-136d-493c-8eb9-b001f22f67d2",  # Amplify
    "83da9c7e-98b4-4e11-a168-04f0df8e2c65",  # UseOriginCacheControlHeaders
    "4cc15a8a-d715-48a4-82b8-cc0b614638fe",  # UseOriginCacheControlHeaders-QueryStrings
})
#: Hosts of origins that compute responses per request (APIs, functions, load balancers, instances).
_DYNAMIC_HOSTS: Final = (
    (re.compile(r"\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\.?$"), "API Gateway"),
    (re.compile(r"\.lambda-url\.[a-z0-9-]+\.on\.aws\.?$"), "a Lambda function URL"),
    (re.compile(r"\.elb\.([a-z0-9-]+\.)?amazonaws\.com(\.cn)?\.?$"), "a load balancer"),
    (re.compile(r"\.appsync-api\.[a-z0-9-]+\.amazonaws\.com\.?$"), "AppSync"),
    (re.compile(r"\.awsapprunner\.com\.?$"), "App Runner"),
    (re.compile(r"\.compute(-1)?\.amazonaws\.com\.?$"), "an EC2 instance"),
)
_DYNAMIC_TYPES: Final[Mapping[str, str]] = {
    catalog.APIGW_REST_API: "API Gateway", catalog.APIGW_STAGE: "API Gateway",
    "aws:apigateway/deployment:Deployment": "API Gateway", catalog.APIGW_DOMAIN_NAME: "API Gateway",
    catalog.APIGWV2_API: "API Gateway", catalog.APIGWV2_STAGE: "API Gateway",
    "aws:apigatewayv2/domainName:DomainName": "API Gateway", catalog.LAMBDA_FUNCTION_URL: "a Lambda function URL",
    catalog.LB_LOAD_BALANCER: "a load balancer", catalog.ALB_LOAD_BALANCER: "a load balancer",
    catalog.ELB_LOAD_BALANCER: "a load balancer", catalog.APPSYNC_GRAPHQL_API: "AppSync",
    catalog.APPRUNNER_SERVICE: "App Runner", "aws:ec2/instance:Instance": "an EC2 instance",
}
_BEHAVIOUR_LISTS: Final = {catalog.CLOUDFRONT_DISTRIBUTION: "orderedCacheBehaviors",
                           catalog.CLOUDFRONT_MULTITENANT_DISTRIBUTION: "cacheBehaviors"}


def _origin_kind(distribution: Subject, origin: Mapping[str, Any], index: StackIndex) -> tuple[str, str]:
    """``(answer, what)``: whether an origin is a dynamic API (``yes``, ``no``, ``maybe``) and what it is."""
    host = origin.get("domainName")
    if isinstance(host, str):
        for pattern, what in _DYNAMIC_HOSTS:
            if pattern.search(host.lower()):
                return "yes", what
        return "no", ""
    deps = index.dependencies(distribution, "origins") or []
    dynamic = [_DYNAMIC_TYPES[d.type] for d in deps if d.type in _DYNAMIC_TYPES]
    if not dynamic:
        return "no", ""
    unknown = [o for o in as_list(distribution.props.get("origins")) if as_mapping(o).get("domainName") is UNKNOWN]
    return ("yes" if len(unknown) == 1 and len(set(dynamic)) == 1 else "maybe"), dynamic[0]


def _policy_caches(policy: Subject) -> bool:
    props = policy.props
    ttls = [props.get("defaultTtl", 86400), props.get("maxTtl", 31536000), props.get("minTtl", 0)]
    return any(t is UNKNOWN or (isinstance(t, int | float) and not isinstance(t, bool) and t > 0) for t in ttls)


def _behaviour_caches(distribution: Subject, path: str, behaviour: Mapping[str, Any],
                      index: StackIndex) -> tuple[str, str]:
    """``(answer, why)``: whether a cache behaviour keeps responses (TTL above 0)."""
    policy_id = behaviour.get("cachePolicyId")
    if policy_id == CACHING_DISABLED:
        return "no", ""
    if policy_id in MANAGED_CACHING:
        return "yes", "a managed caching policy"
    if policy_id in (None, ""):
        ttls = [behaviour.get("defaultTtl", 86400), behaviour.get("maxTtl", 31536000), behaviour.get("minTtl", 0)]
        if any(t is UNKNOWN for t in ttls):
            return "maybe", "its TTLs are unknown at preview"
        if any(isinstance(t, int | float) and not isinstance(t, bool) and t > 0 for t in ttls):
            return "yes", "legacy TTLs above 0 (`defaultTtl` is 86400 unless set)"
        return "no", ""
    policies = [d for d in index.dependencies(distribution, path.split(".", 1)[0].split("[", 1)[0]) or []
                if d.type == catalog.CLOUDFRONT_CACHE_POLICY]
    if isinstance(policy_id, str):
        found = index.find("cloudfront", policy_id)
        if found is not None and found.type == catalog.CLOUDFRONT_CACHE_POLICY:
            policies = [found]
    if len(policies) == 1:
        return ("yes", f"cache policy {policies[0].name!r} has a TTL above 0") if _policy_caches(policies[0]) \
            else ("no", "")
    if policies and not any(_policy_caches(p) for p in policies):
        return "no", ""
    return "maybe", "its cache policy is not known here"


def edge_cache_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """CloudFront must not cache responses of dynamic API origins."""
    for subject in index.subjects:
        listed = _BEHAVIOUR_LISTS.get(subject.type)
        if listed is None:
            continue
        origins = {as_mapping(o).get("originId"): (i, as_mapping(o))
                   for i, o in enumerate(as_list(subject.props.get("origins")))}
        behaviours = [("defaultCacheBehavior", subject.props.get("defaultCacheBehavior"))]
        behaviours += [(p, v) for p, v in select(subject.props, f"{listed}[]")]
        for path, behaviour in behaviours:
            behaviour = as_mapping(behaviour)
            position, origin = origins.get(behaviour.get("targetOriginId"), (-1, {}))
            dynamic, what = _origin_kind(subject, origin, index) if origin else ("no", "")
            if dynamic == "no":
                continue
            caches, why = _behaviour_caches(subject, path, behaviour, index)
            if caches == "no":
                continue
            if dynamic == "yes" and caches == "yes":
                yield violation(f"`{path}` caches responses of origin #{position}, a dynamic API ({what}), at "
                                f"CloudFront edge locations worldwide ({why}). Use the managed CachingDisabled "
                                "cache policy for API origins.", subject.urn)
            else:
                doubt = why if caches == "maybe" else f"origin #{position} may be a dynamic API ({what})"
                yield undetermined(f"`{path}` may cache API responses at CloudFront edge locations worldwide: "
                                   f"{doubt}.", subject.urn)


STATELESS_EDGE_CACHE_RULE = Rule(
    name=EDGE_CACHE,
    area=AREA,
    description="CloudFront must not cache responses of dynamic API origins.",
    types=Types.of(*_BEHAVIOUR_LISTS, catalog.CLOUDFRONT_CACHE_POLICY),
    scope="stack",
    check=edge_cache_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.MEDIUM,
    remediation="Give cache behaviours whose origin is API Gateway, a function URL, a load balancer, AppSync, App "
                "Runner or an instance the managed CachingDisabled policy (or a cache policy with every TTL 0).",
)

RULES = (
    STATELESS_RESPONSE_CACHE_RULE,
    STATELESS_EDGE_CACHE_RULE,
    STATELESS_DATA_TRACE_RULE,
    STATELESS_EDGE_ENDPOINT_RULE,
    STATELESS_EDGE_COMPUTE_RULE,
    STATELESS_LOG_RETENTION_RULE,
)
