"""ResidentEndpoint: a keyless, stateless, geo-restricted REGIONAL REST API in front of a function."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, Literal, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_data_class, check_retention, check_user_pool_arn, refuse
from ._waf import DEFAULT_RATE_LIMIT, check_countries, check_rate_limit, geo_web_acl
from ._waf import GEO_MATCH_MAX_CODES as GEO_MATCH_MAX_CODES
from ._waf import geo_statement as geo_statement
from ._waf import web_acl_rules as web_acl_rules
from .account_logging import ApiGatewayAccountLogging
from .function import ResidentFunction
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentEndpoint"

#: The access log line: request metadata only. Only $context variables, never $input (bodies), never
#: headers or query strings, never the concrete path (it can carry identifiers): the path template instead.
ACCESS_LOG_FIELDS: dict[str, str] = {
    "requestId": "$context.requestId",
    "extendedRequestId": "$context.extendedRequestId",
    "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "protocol": "$context.protocol",
    "status": "$context.status",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationStatus": "$context.integration.status",
    "wafResponseCode": "$context.wafResponseCode",
}

#: The access log format string set on the stage.
ACCESS_LOG_FORMAT = json.dumps(ACCESS_LOG_FIELDS, separators=(",", ":"))

_NAME = re.compile(r"[A-Za-z0-9_-]{1,100}")
_STAGE = re.compile(r"[A-Za-z0-9_-]{1,128}")


class ResidentEndpointArgs(TypedDict):
    """Arguments of :class:`ResidentEndpoint`."""

    provider: PinnedProvider
    """The pinned provider: the API, its stage, its WAF web ACL and its log group live in its region."""

    key: ResidentKey
    """The in-region key that encrypts the access log group; it must allow CloudWatch Logs."""

    function: ResidentFunction
    """The resident function that handles every request; it must be in the provider's region."""

    supported_countries: NotRequired[Sequence[str] | str]
    """Countries allowed to call the endpoint: ISO 3166-1 alpha-2 codes and groups (``EU``, ``EEA``); defaults
    to ``EEA`` (``residency:supportedCountries``). Requests from anywhere else are blocked by WAF."""

    authorization: NotRequired[Literal["AWS_IAM", "COGNITO_USER_POOLS"]]
    """How callers authenticate: ``AWS_IAM`` (SigV4, the default) or ``COGNITO_USER_POOLS`` (JWTs of the user
    pools in ``user_pool_arns``). API keys are never used."""

    user_pool_arns: NotRequired[Sequence[str]]
    """Cognito user pool ARNs in the zone; required with ``COGNITO_USER_POOLS``, refused otherwise."""

    authorization_scopes: NotRequired[Sequence[str]]
    """OAuth scopes a Cognito access token must carry (``COGNITO_USER_POOLS`` only)."""

    stage_name: NotRequired[str]
    """The stage, also the first path segment of the invoke URL; defaults to ``v1``."""

    rate_limit: NotRequired[int]
    """Requests one client IP may make in 5 minutes before WAF blocks it, 10 to 2,000,000,000; defaults to
    1,000."""

    throttling_rate_limit: NotRequired[float]
    """Steady-state requests per second the stage accepts; defaults to 100."""

    throttling_burst_limit: NotRequired[int]
    """Burst of requests the stage accepts; defaults to 200."""

    log_retention_days: NotRequired[int]
    """Retention of the access log group; defaults to 7 days (``residency:logRetentionDays``)."""

    account_logging: NotRequired[ApiGatewayAccountLogging]
    """The region's API Gateway CloudWatch Logs role, when this program manages it: the stage (whose access
    logging needs that role) is created after it. Must be in the endpoint's region."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentEndpoint(pulumi.ComponentResource):
    """A REGIONAL API Gateway REST API in front of a resident function, protected by a regional WAF web ACL.

    Keyless: every method uses AWS_IAM (SigV4) or a Cognito user-pool authorizer; no API keys, usage plans or
    access keys. Stateless: no response cache, no data trace, execution logging off, access logs of request
    metadata only, to a KMS-encrypted log group of the same region with bounded retention. Geo-restricted: the
    web ACL blocks by default, runs the AWS common rule set and a per-IP rate limit first, then allows only
    requests from the supported countries.
    """

    invoke_url: pulumi.Output[str]
    """The stage's invoke URL (``https://<id>.execute-api.<region>.amazonaws.com/<stage>``)."""

    stage_arn: pulumi.Output[str]
    """The stage's ARN (the web ACL is associated with it)."""

    web_acl_arn: pulumi.Output[str]
    """The WAF web ACL's ARN."""

    rest_api_id: pulumi.Output[str]
    """The REST API's id."""

    execution_arn: pulumi.Output[str]
    """The REST API's execution ARN (for IAM policies granting ``execute-api:Invoke``)."""

    access_log_group_name: pulumi.Output[str]
    """The access log group's name."""

    supported_countries: list[str]
    """The countries allowed by the web ACL, groups expanded, sorted."""

    region: str
    """The endpoint's region."""

    def __init__(self, name: str, args: ResidentEndpointArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned, key, function, countries, settings, data_class = _validate(name, args)
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region
        self.supported_countries = countries
        tags = pinned.tags(data_class)
        options = pinned.options(self)
        stage_name: str = settings["stage_name"]

        log_group = aws.cloudwatch.LogGroup(
            f"{name}-access-logs",
            retention_in_days=settings["log_retention_days"],
            kms_key_id=key.key_arn,
            tags=tags,
            opts=options,
        )
        api = aws.apigateway.RestApi(
            f"{name}-api",
            description=f"{name}: resident endpoint in {pinned.region}",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types="REGIONAL"),
            tags=tags,
            opts=options,
        )
        proxy = aws.apigateway.Resource(
            f"{name}-proxy",
            rest_api=api.id,
            parent_id=api.root_resource_id,
            path_part="{proxy+}",
            opts=options,
        )
        authorizer_id: pulumi.Output[str] | None = None
        authorizer: aws.apigateway.Authorizer | None = None
        if settings["authorization"] == "COGNITO_USER_POOLS":
            authorizer = aws.apigateway.Authorizer(
                f"{name}-authorizer",
                rest_api=api.id,
                type="COGNITO_USER_POOLS",
                provider_arns=list(settings["user_pool_arns"]),
                identity_source="method.request.header.Authorization",
                opts=options,
            )
            authorizer_id = authorizer.id

        routed: list[pulumi.Resource] = [proxy]
        for role, resource_id in (("root", api.root_resource_id), ("proxy", proxy.id)):
            method = aws.apigateway.Method(
                f"{name}-{role}-method",
                rest_api=api.id,
                resource_id=resource_id,
                http_method="ANY",
                authorization=settings["authorization"],
                authorizer_id=authorizer_id,
                authorization_scopes=settings["authorization_scopes"] or None,
                api_key_required=False,
                opts=options,
            )
            integration = aws.apigateway.Integration(
                f"{name}-{role}-integration",
                rest_api=api.id,
                resource_id=resource_id,
                http_method=method.http_method,
                type="AWS_PROXY",
                integration_http_method="POST",
                uri=function.invoke_arn,
                opts=options,
            )
            routed += [method, integration]
        if authorizer is not None:
            routed.append(authorizer)

        deployment = aws.apigateway.Deployment(
            f"{name}-deployment",
            rest_api=api.id,
            description=f"{name}: resident endpoint",
            # Redeploy whenever the routing changes: authorization, pools, scopes or the integration.
            triggers={
                "redeployment": pulumi.Output.all(function.invoke_arn, proxy.id, authorizer_id or "").apply(
                    lambda parts: _digest(
                        [
                            settings["authorization"],
                            settings["user_pool_arns"],
                            settings["authorization_scopes"],
                            *parts,
                        ]
                    )
                )
            },
            opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=routed),
        )
        stage = aws.apigateway.Stage(
            f"{name}-stage",
            rest_api=api.id,
            deployment=deployment.id,
            stage_name=stage_name,
            cache_cluster_enabled=False,
            xray_tracing_enabled=False,
            access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(
                destination_arn=log_group.arn, format=ACCESS_LOG_FORMAT
            ),
            tags=tags,
            opts=pulumi.ResourceOptions(
                parent=self,
                provider=pinned.provider,
                depends_on=[settings["account_logging"]] if settings["account_logging"] else None,
            ),
        )
        aws.apigateway.MethodSettings(
            f"{name}-method-settings",
            rest_api=api.id,
            stage_name=stage.stage_name,
            method_path="*/*",
            settings=aws.apigateway.MethodSettingsSettingsArgs(
                caching_enabled=False,
                data_trace_enabled=False,
                # Execution logs can carry payloads, and need the account-wide CloudWatch role: off.
                logging_level="OFF",
                metrics_enabled=False,
                throttling_rate_limit=settings["throttling_rate_limit"],
                throttling_burst_limit=settings["throttling_burst_limit"],
            ),
            opts=options,
        )
        aws.lambda_.Permission(
            f"{name}-invoke-permission",
            action="lambda:InvokeFunction",
            function=function.function_name,
            principal="apigateway.amazonaws.com",
            source_arn=pulumi.Output.concat(api.execution_arn, "/", stage_name, "/*/*"),
            opts=options,
        )
        web_acl = geo_web_acl(name, countries, settings["rate_limit"], stage.arn, tags, options)

        self.invoke_url = stage.invoke_url
        self.stage_arn = stage.arn
        self.web_acl_arn = web_acl.arn
        self.rest_api_id = api.id
        self.execution_arn = api.execution_arn
        self.access_log_group_name = log_group.name
        self.register_outputs(
            {
                "invoke_url": self.invoke_url,
                "stage_arn": self.stage_arn,
                "web_acl_arn": self.web_acl_arn,
                "rest_api_id": self.rest_api_id,
                "execution_arn": self.execution_arn,
                "access_log_group_name": self.access_log_group_name,
                "supported_countries": self.supported_countries,
                "region": self.region,
            }
        )


def _digest(parts: list[Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _validate(
    name: str, args: ResidentEndpointArgs
) -> tuple[PinnedProvider, ResidentKey, ResidentFunction, list[str], dict[str, Any], str]:
    pinned = require_pinned(_KIND, name, args["provider"])
    if not _NAME.fullmatch(name):
        raise refuse(
            _KIND,
            name,
            "name",
            "WAF and API Gateway names take letters, digits, '-' and '_' only (at most 100).",
        )
    key = require_key(_KIND, name, args["key"], pinned, "endpoint", "use a key of the endpoint's region.")
    if not key.allows_cloudwatch_logs:
        raise refuse(
            _KIND,
            name,
            "key",
            "the key does not allow CloudWatch Logs to use it, so it cannot encrypt "
            "the access log group; create it with allow_cloudwatch_logs=True.",
        )
    function = args["function"]
    if not isinstance(function, ResidentFunction):
        raise refuse(_KIND, name, "function", "pass a ResidentFunction.")
    if function.region != pinned.region:
        raise refuse(
            _KIND,
            name,
            "function",
            f"the function is in {function.region!r} but the endpoint is in "
            f"{pinned.region!r}; requests must be processed where they arrive.",
        )

    countries = check_countries(_KIND, name, args.get("supported_countries"))

    authorization = args.get("authorization", "AWS_IAM")
    pools = list(args.get("user_pool_arns", ()))
    scopes = list(args.get("authorization_scopes", ()))
    if authorization == "AWS_IAM":
        if pools or scopes:
            raise refuse(
                _KIND,
                name,
                "user_pool_arns",
                "user pools and scopes apply to COGNITO_USER_POOLS "
                "authorization only; drop them or set authorization='COGNITO_USER_POOLS'.",
            )
    elif authorization == "COGNITO_USER_POOLS":
        if not pools:
            raise refuse(
                _KIND,
                name,
                "user_pool_arns",
                "COGNITO_USER_POOLS authorization needs at least one user pool ARN.",
            )
        for pool in pools:
            check_user_pool_arn(_KIND, name, "user_pool_arns", pool, pinned.zone)
    else:
        raise refuse(
            _KIND,
            name,
            "authorization",
            f"{authorization!r} is not 'AWS_IAM' or 'COGNITO_USER_POOLS' "
            "(API keys and unauthenticated access are not offered).",
        )

    stage_name = args.get("stage_name", "v1")
    if not isinstance(stage_name, str) or not _STAGE.fullmatch(stage_name):
        raise refuse(_KIND, name, "stage_name", f"{stage_name!r} is not a stage name (letters, digits, '-', '_').")
    rate_limit = check_rate_limit(_KIND, name, args.get("rate_limit", DEFAULT_RATE_LIMIT))
    rate = args.get("throttling_rate_limit", 100.0)
    burst = args.get("throttling_burst_limit", 200)
    if not isinstance(rate, int | float) or isinstance(rate, bool) or rate <= 0:
        raise refuse(_KIND, name, "throttling_rate_limit", f"{rate!r} is not a positive number of requests/s.")
    if not isinstance(burst, int) or isinstance(burst, bool) or burst <= 0:
        raise refuse(_KIND, name, "throttling_burst_limit", f"{burst!r} is not a positive number of requests.")
    settings: dict[str, Any] = {
        "authorization": authorization,
        "user_pool_arns": pools,
        "authorization_scopes": scopes,
        "stage_name": stage_name,
        "rate_limit": rate_limit,
        "throttling_rate_limit": float(rate),
        "throttling_burst_limit": burst,
        "log_retention_days": check_retention(_KIND, name, args.get("log_retention_days", 7)),
    }
    account_logging = args.get("account_logging")
    if account_logging is not None and (
        not isinstance(account_logging, ApiGatewayAccountLogging) or account_logging.region != pinned.region
    ):
        raise refuse(_KIND, name, "account_logging", "pass the ApiGatewayAccountLogging of the endpoint's region.")
    settings["account_logging"] = account_logging
    data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
    return pinned, key, function, countries, settings, data_class
