"""keyless-* and stateless-* policies: one test per violating property."""

from __future__ import annotations

import pytest
from baselines import baseline
from policy_harness import UNKNOWN, Pack, single

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
