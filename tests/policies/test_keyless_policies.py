"""keyless-* and stateless-* policies: one test per violating property."""

from __future__ import annotations

import pytest
from baselines import baseline
from policy_harness import UNKNOWN, Pack, Res, Secret, only, single

from residency import catalog as c


@pytest.mark.parametrize(
    ("type_token", "what"),
    [
        (c.IAM_ACCESS_KEY, "an IAM access key (long-lived static credentials)"),
        (c.APIGW_API_KEY, "an API Gateway API key"),
        (c.APIGW_USAGE_PLAN_KEY, "an API Gateway usage-plan key (API keys used to admit callers)"),
        (c.APPSYNC_API_KEY, "an AppSync API key"),
    ],
)
def test_static_credentials(pack: Pack, type_token: str, what: str) -> None:
    d = single(pack.analyze(type_token, {"user": "u"}))
    assert (d.policy, d.level) == ("keyless-static-credentials", "mandatory")
    assert d.message == (
        f"This resource is {what}. Use IAM roles, IAM authorization or a Cognito/JWT "
        "authorizer instead of static keys."
    )


def test_api_key_required_method(pack: Pack) -> None:
    d = single(pack.analyze(c.APIGW_METHOD, baseline(c.APIGW_METHOD, apiKeyRequired=True)))
    assert (d.policy, d.message) == (
        "keyless-static-credentials",
        "`apiKeyRequired` is true: API keys are "
        "static shared secrets, not authentication. Use an IAM or Cognito "
        "authorizer.",
    )


def test_appsync_api_key_authentication(pack: Pack) -> None:
    props = baseline(
        c.APPSYNC_GRAPHQL_API, additionalAuthenticationProviders=[{"authenticationType": "API_KEY"}]
    )
    d = single(pack.analyze(c.APPSYNC_GRAPHQL_API, props))
    assert d.message.startswith("`additionalAuthenticationProviders[0].authenticationType` is API_KEY")


@pytest.mark.parametrize("authorization", ["NONE", "none", None])
def test_unauthenticated_method(pack: Pack, authorization: str | None) -> None:
    props = baseline(c.APIGW_METHOD)
    props["authorization"] = authorization
    d = single(pack.analyze(c.APIGW_METHOD, props))
    assert (d.policy, d.level) == ("keyless-unauthenticated-method", "mandatory")
    assert d.message == (
        "`authorization` is NONE: anyone can call this method. Use AWS_IAM, COGNITO_USER_POOLS or CUSTOM."
    )


def test_cors_preflight_may_be_unauthenticated(pack: Pack) -> None:
    assert (
        pack.analyze(c.APIGW_METHOD, baseline(c.APIGW_METHOD, httpMethod="OPTIONS", authorization="NONE"))
        == []
    )


def test_stage_cache(pack: Pack) -> None:
    d = single(pack.analyze(c.APIGW_STAGE, baseline(c.APIGW_STAGE, cacheClusterEnabled=True)))
    assert (d.policy, d.level) == ("stateless-response-cache", "mandatory")
    assert d.message == (
        "`cacheClusterEnabled` is true: a response cache keeps copies of responses "
        "(customer content) outside the request. Disable caching."
    )


def test_method_settings_cache_and_data_trace(pack: Pack) -> None:
    props = baseline(c.APIGW_METHOD_SETTINGS, settings={"cachingEnabled": True, "dataTraceEnabled": True})
    diags = {d.policy: d.message for d in pack.analyze(c.APIGW_METHOD_SETTINGS, props)}
    assert diags == {
        "stateless-response-cache": "`settings.cachingEnabled` is true: a response cache keeps copies of "
        "responses (customer content) outside the request. Disable caching.",
        "stateless-data-trace": "`settings.dataTraceEnabled` is true: data tracing writes full requests and "
        "responses (customer content) to CloudWatch Logs. Disable it.",
    }


def test_http_api_stage_data_trace(pack: Pack) -> None:
    props = baseline(c.APIGWV2_STAGE, routeSettings=[{"routeKey": "GET /x", "dataTraceEnabled": "true"}])
    d = single(pack.analyze(c.APIGWV2_STAGE, props))
    assert d.message.startswith("`routeSettings[0].dataTraceEnabled` is true")


def test_unknown_cache_flag_is_undetermined(pack: Pack) -> None:
    d = single(pack.analyze(c.APIGW_STAGE, baseline(c.APIGW_STAGE, cacheClusterEnabled=UNKNOWN)))
    assert d.message.startswith("Undetermined: `cacheClusterEnabled` is unknown at preview")


def test_appsync_api_cache(pack: Pack) -> None:
    d = single(pack.analyze(c.APPSYNC_API_CACHE, {"apiId": "a", "type": "SMALL"}))
    assert d.policy == "stateless-response-cache"


@pytest.mark.parametrize("type_token", [c.APIGW_REST_API, c.APIGW_DOMAIN_NAME])
@pytest.mark.parametrize("edge", ["EDGE", ["EDGE"]], ids=["pulumi-aws-7-string", "list"])
def test_edge_endpoints(pack: Pack, type_token: str, edge: object) -> None:
    d = single(pack.analyze(type_token, baseline(type_token, endpointConfiguration={"types": edge})))
    assert (d.policy, d.level) == ("stateless-edge-endpoint", "mandatory")
    assert d.message == (
        "`endpointConfiguration.types` includes EDGE (or an unrecognised value), which "
        "terminates requests at CloudFront locations worldwide. Use REGIONAL or PRIVATE."
    )
    d = single(pack.analyze(type_token, baseline(type_token, endpointConfiguration=None)))
    assert d.message.startswith("`endpointConfiguration.types` is not set, so API Gateway uses EDGE")


def test_lambda_at_edge_and_cloudfront_functions(pack: Pack) -> None:
    props = baseline(c.CLOUDFRONT_DISTRIBUTION)
    props["orderedCacheBehaviors"][0]["lambdaFunctionAssociations"] = [
        {"eventType": "viewer-request", "lambdaArn": "arn:aws:lambda:us-east-1:123456789012:function:f:1"}
    ]
    diags = pack.analyze(c.CLOUDFRONT_DISTRIBUTION, props)
    d = single([x for x in diags if x.policy == "stateless-edge-compute"])
    assert d.message == (
        "`orderedCacheBehaviors[0].lambdaFunctionAssociations` runs code at CloudFront "
        "edge locations worldwide (Lambda@Edge or CloudFront Functions), outside the "
        "zone. Remove the association."
    )
    props = baseline(c.CLOUDFRONT_DISTRIBUTION)
    props["defaultCacheBehavior"]["functionAssociations"] = [
        {"eventType": "viewer-request", "functionArn": "x"}
    ]
    assert single(pack.analyze(c.CLOUDFRONT_DISTRIBUTION, props)).policy == "stateless-edge-compute"
    assert (
        single(pack.analyze(c.CLOUDFRONT_FUNCTION, {"name": "f", "code": "x"})).policy
        == "stateless-edge-compute"
    )


@pytest.mark.parametrize("days", [None, 0, "7", True])
def test_log_retention(pack: Pack, days: object) -> None:
    props = baseline(c.LOG_GROUP)
    props["retentionInDays"] = days
    d = single(pack.analyze(c.LOG_GROUP, props))
    assert (d.policy, d.level) == ("stateless-log-retention", "mandatory")
    assert d.message == (
        "`retentionInDays` is not set (or 0), so the log group keeps events forever. Set a "
        "bounded retention such as 7 or 30 days."
    )


# ------------------------------------------------------------------------------------------------------------
# Issue 13 additions: static credentials, request data at rest, DELIVERY log groups
# ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_token", "what"),
    [
        (c.IAM_USER_LOGIN_PROFILE, "an IAM user login profile (a long-lived console password)"),
        (c.IAM_SERVICE_SPECIFIC_CREDENTIAL, "a service-specific credential (a long-lived password or API key, such "
                                            "as a Bedrock API key or a CodeCommit password)"),
    ],
)
def test_console_passwords_and_service_credentials(pack: Pack, type_token: str, what: str) -> None:
    d = single(pack.analyze(type_token, {"user": "u", "serviceName": "bedrock.amazonaws.com"}, provider=None))
    assert (d.policy, d.level, d.message) == ("keyless-static-credentials", "mandatory", (
        f"This resource is {what}. Use IAM roles, IAM authorization or a Cognito/JWT authorizer instead of static "
        "keys."))


def test_provider_with_static_keys(pack: Pack) -> None:
    props = {"region": "eu-west-3", "version": "7.51.1", "accessKey": "AKIAEXAMPLE", "secretKey": Secret("s3cr3t")}
    d = single(pack.analyze(c.AWS_PROVIDER, props, provider=None))
    assert (d.policy, d.level) == ("keyless-static-credentials", "mandatory")
    assert d.message == ("`accessKey` and `secretKey` give this provider long-lived static AWS credentials. Use a "
                         "role (`assumeRoles`), OIDC web identity or the temporary credentials of the environment "
                         "instead.")
    assert "AKIA" not in d.full_message
    assert "s3cr3t" not in d.full_message
    assert pack.analyze(c.AWS_PROVIDER, {"region": "eu-west-3", "version": "7.51.1"}, provider=None) == []


@pytest.mark.parametrize(
    ("type_token", "props", "path"),
    [
        (c.APPSYNC_EVENT_API, {"eventConfig": {"authProviders": [{"authType": "API_KEY"}]}},
         "eventConfig.authProviders[0].authType"),
        (c.APPSYNC_EVENT_API, {"eventConfig": {"connectionAuthModes": [{"authType": "AWS_IAM"},
                                                                       {"authType": "API_KEY"}]}},
         "eventConfig.connectionAuthModes[1].authType"),
        (c.APPSYNC_CHANNEL_NAMESPACE, {"apiId": "a", "publishAuthModes": [{"authType": "API_KEY"}]},
         "publishAuthModes[0].authType"),
    ],
)
def test_appsync_event_api_keys(pack: Pack, type_token: str, props: dict[str, object], path: str) -> None:
    d = single(pack.analyze(type_token, {"name": "events", **props}))
    assert (d.policy, d.message) == ("keyless-static-credentials", (
        f"`{path}` is API_KEY: API keys are static shared secrets. Use AWS_IAM, AMAZON_COGNITO_USER_POOLS or "
        "OPENID_CONNECT."))


def test_websocket_route_requiring_an_api_key(pack: Pack) -> None:
    props = baseline(c.APIGWV2_ROUTE, routeKey="$connect", apiKeyRequired=True)
    d = single(pack.analyze(c.APIGWV2_ROUTE, props))
    assert (d.policy, d.message) == ("keyless-static-credentials", (
        "`apiKeyRequired` is true: API keys are static shared secrets, not authentication. Use an IAM or Cognito "
        "authorizer."))


@pytest.mark.parametrize("level", ["ALL", "DEBUG"])
def test_appsync_verbose_field_logs(pack: Pack, level: str) -> None:
    props = baseline(c.APPSYNC_GRAPHQL_API, logConfig={"fieldLogLevel": level, "cloudwatchLogsRoleArn": "r"})
    d = single(pack.analyze(c.APPSYNC_GRAPHQL_API, props))
    assert (d.policy, d.level, d.message) == ("stateless-data-trace", "mandatory", (
        f"`logConfig.fieldLogLevel` is {level} and `logConfig.excludeVerboseContent` is not true, so AppSync writes "
        "request and response data (headers, context, resolved values) to CloudWatch Logs. Set "
        "`excludeVerboseContent` to true or log ERROR only."))
    quiet = baseline(c.APPSYNC_GRAPHQL_API, logConfig={"fieldLogLevel": level, "excludeVerboseContent": True})
    assert pack.analyze(c.APPSYNC_GRAPHQL_API, quiet) == []
    errors = baseline(c.APPSYNC_GRAPHQL_API, logConfig={"fieldLogLevel": "ERROR"})
    assert pack.analyze(c.APPSYNC_GRAPHQL_API, errors) == []


def test_step_functions_execution_data(pack: Pack) -> None:
    logging = {"level": "ALL", "includeExecutionData": True, "logDestination": "arn:aws:logs:eu-west-3:1:log-group:x:*"}
    d = single(pack.analyze(c.SFN_STATE_MACHINE, {"definition": "{}", "roleArn": "r", "loggingConfiguration": logging}))
    assert (d.policy, d.message) == ("stateless-data-trace", (
        "`loggingConfiguration.includeExecutionData` is true: Step Functions writes every execution's input and "
        "output (customer content) to CloudWatch Logs. Set it to false."))
    logging["includeExecutionData"] = False
    assert pack.analyze(c.SFN_STATE_MACHINE, {"definition": "{}", "roleArn": "r", "loggingConfiguration": logging}) \
        == []


def test_bedrock_invocation_logging_of_bodies(pack: Pack) -> None:
    s3 = {"bucketName": "logs-eu"}
    d = single(only(pack.analyze(c.BEDROCK_INVOCATION_LOGGING, {"loggingConfig": {"s3Config": s3,
                                                                                 "imageDataDeliveryEnabled": False}}),
                    "stateless-data-trace"))
    assert (d.policy, d.message) == ("stateless-data-trace", (
        "`loggingConfig.textDataDeliveryEnabled`, `loggingConfig.embeddingDataDeliveryEnabled`, "
        "`loggingConfig.videoDataDeliveryEnabled` deliver prompt and response bodies (customer content) to the logs "
        "(each is true unless set to false). Set them to false to log metadata only."))
    off = dict.fromkeys(("textDataDeliveryEnabled", "imageDataDeliveryEnabled", "embeddingDataDeliveryEnabled",
                         "videoDataDeliveryEnabled"), False)
    assert only(pack.analyze(c.BEDROCK_INVOCATION_LOGGING, {"loggingConfig": {"s3Config": s3, **off}}),
                "stateless-data-trace") == []


def test_delivery_log_groups_have_a_fixed_retention(pack: Pack) -> None:
    assert pack.analyze(c.LOG_GROUP, {"name": "lg", "logGroupClass": "DELIVERY"}) == []
    d = single(pack.analyze(c.LOG_GROUP, {"name": "lg", "logGroupClass": UNKNOWN}))
    assert d.message.startswith("Undetermined: `logGroupClass` is unknown at preview and `retentionInDays` is not "
                                "set")
    assert single(pack.analyze(c.LOG_GROUP, {"name": "lg", "logGroupClass": "STANDARD"})).policy == \
        "stateless-log-retention"


# ------------------------------------------------------------------------------------------------------------
# stateless-edge-cache (stack)
# ------------------------------------------------------------------------------------------------------------

API_ORIGIN = {"originId": "api", "domainName": "abc123.execute-api.eu-west-3.amazonaws.com",
              "customOriginConfig": {"originProtocolPolicy": "https-only"}}
SITE_ORIGIN = {"originId": "site", "domainName": "site-eu.s3.eu-west-3.amazonaws.com"}


def cdn(**behaviour: object) -> dict[str, object]:
    return {"enabled": True, "origins": [SITE_ORIGIN, API_ORIGIN],
            "defaultCacheBehavior": {"targetOriginId": "site", "cachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"},
            "orderedCacheBehaviors": [{"pathPattern": "/api/*", "targetOriginId": "api", **behaviour}],
            "restrictions": {"geoRestriction": {"restrictionType": "whitelist", "locations": ["FR"]}}}


def cache_findings(pack: Pack, resources: list[Res]) -> list[object]:
    return [d for d in pack.analyze_stack(resources) if d.policy == "stateless-edge-cache"]


def test_api_origin_with_a_caching_policy(pack: Pack) -> None:
    dist = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", cdn(cachePolicyId="658327ea-f89d-4fab-a63d-7e88639e58f6"))
    d = single(cache_findings(pack, [dist]))
    assert (d.level, d.urn, d.message) == ("mandatory", dist.urn, (
        "`orderedCacheBehaviors[0]` caches responses of origin #1, a dynamic API (API Gateway), at CloudFront edge "
        "locations worldwide (a managed caching policy). Use the managed CachingDisabled cache policy for API "
        "origins."))
    disabled = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", cdn(cachePolicyId="4135ea2d-6df8-44a3-9df3-4b5a84be39ad"))
    assert cache_findings(pack, [disabled]) == []


def test_api_origin_with_legacy_ttls(pack: Pack) -> None:
    legacy = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", cdn(forwardedValues={"queryString": True}))
    assert "legacy TTLs above 0" in single(cache_findings(pack, [legacy])).message
    zero = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", cdn(forwardedValues={}, defaultTtl=0, maxTtl=0, minTtl=0))
    assert cache_findings(pack, [zero]) == []


def test_api_origin_with_a_cache_policy_of_the_stack(pack: Pack) -> None:
    policy = Res(c.CLOUDFRONT_CACHE_POLICY, "api-cache", {"name": "api", "defaultTtl": 60, "maxTtl": 300,
                                                          "minTtl": 0}, provider=None)
    dist = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", cdn(cachePolicyId=UNKNOWN),
               property_dependencies={"orderedCacheBehaviors": [policy.urn]})
    assert "cache policy 'api-cache' has a TTL above 0" in single(cache_findings(pack, [policy, dist])).message
    nothing = Res(c.CLOUDFRONT_CACHE_POLICY, "api-cache", {"name": "api", "defaultTtl": 0, "maxTtl": 0, "minTtl": 0},
                  provider=None)
    assert cache_findings(pack, [nothing, dist]) == []


def test_origin_known_only_by_dependency(pack: Pack) -> None:
    url = Res(c.LAMBDA_FUNCTION_URL, "fn-url", {"authorizationType": "AWS_IAM"})
    props = cdn(cachePolicyId="658327ea-f89d-4fab-a63d-7e88639e58f6")
    props["origins"] = [SITE_ORIGIN, {**API_ORIGIN, "domainName": UNKNOWN}]
    dist = Res(c.CLOUDFRONT_DISTRIBUTION, "cdn", props, property_dependencies={"origins": [url.urn]})
    assert "a dynamic API (a Lambda function URL)" in single(cache_findings(pack, [url, dist])).message
