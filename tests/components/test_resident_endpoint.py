"""ResidentEndpoint: keyless, stateless, REGIONAL REST API behind a regional WAF geo allowlist."""

from __future__ import annotations

import json
import re

import pulumi
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from residency.components import (
    ApiGatewayAccountLogging,
    ComponentArgumentError,
    PinnedProvider,
    ResidentEndpoint,
    ResidentFunction,
    ResidentKey,
)
from residency.components.endpoint import ACCESS_LOG_FIELDS, geo_statement
from residency.model import COUNTRY_GROUPS, expand_countries

API = "aws:apigateway/restApi:RestApi"
METHOD = "aws:apigateway/method:Method"
STAGE = "aws:apigateway/stage:Stage"
SETTINGS = "aws:apigateway/methodSettings:MethodSettings"
WEB_ACL = "aws:wafv2/webAcl:WebAcl"
ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation"
CODE = pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {}\n")})
POOL = "arn:aws:cognito-idp:eu-west-3:123456789012:userpool/eu-west-3_AbCdEf"


def build(function_region: str = "eu-west-3", logs: bool = True, **endpoint_args):
    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        key = ResidentKey("paris", {"provider": pinned, "allow_cloudwatch_logs": logs})
        function_pinned = pinned
        function_key = key
        if function_region != "eu-west-3":
            function_pinned = PinnedProvider("other", {"region": function_region})
            function_key = ResidentKey("other", {"provider": function_pinned, "allow_cloudwatch_logs": True})
        function = ResidentFunction("echo", {"provider": function_pinned, "key": function_key, "code": CODE})
        ResidentEndpoint("api", {"provider": pinned, "key": key, "function": function, **endpoint_args})

    return program


def rule(web_acl, name: str):
    (found,) = [r for r in web_acl.inputs["rules"] if r["name"] == name]
    return found


def test_regional_keyless_api(program) -> None:
    recording = program(build())
    api = recording.one(API)
    assert api.inputs["endpointConfiguration"]["types"] == "REGIONAL"
    assert recording.provider_region(api) == "eu-west-3"
    methods = recording.of_type(METHOD)
    assert len(methods) == 2
    for method in methods:
        assert method.inputs["authorization"] == "AWS_IAM"
        assert method.inputs["apiKeyRequired"] is False
        assert "authorizerId" not in method.inputs
    for forbidden in (
        "aws:apigateway/apiKey:ApiKey",
        "aws:apigateway/usagePlan:UsagePlan",
        "aws:apigateway/usagePlanKey:UsagePlanKey",
        "aws:iam/accessKey:AccessKey",
        "aws:apigateway/authorizer:Authorizer",
    ):
        assert recording.of_type(forbidden) == []
    function_invoke = recording.one("aws:lambda/function:Function").state["invokeArn"]
    for integration in recording.of_type("aws:apigateway/integration:Integration"):
        assert integration.inputs["type"] == "AWS_PROXY"
        assert integration.inputs["uri"] == function_invoke
    assert recording.one("aws:apigateway/resource:Resource").inputs["pathPart"] == "{proxy+}"


def test_stateless_stage_and_metadata_only_access_logs(program) -> None:
    recording = program(build(log_retention_days=30))
    stage = recording.one(STAGE)
    assert stage.inputs["cacheClusterEnabled"] is False
    assert "cacheClusterSize" not in stage.inputs
    log_group = recording.one("aws:cloudwatch/logGroup:LogGroup", "api-access-logs")
    assert stage.inputs["accessLogSettings"]["destinationArn"] == log_group.state["arn"]
    assert log_group.state["arn"].startswith("arn:aws:logs:eu-west-3:")
    assert log_group.inputs["retentionInDays"] == 30
    assert log_group.inputs["kmsKeyId"] == recording.one("aws:kms/key:Key").state["arn"]

    log_format = json.loads(stage.inputs["accessLogSettings"]["format"])
    assert log_format == ACCESS_LOG_FIELDS
    assert {
        "requestId",
        "ip",
        "httpMethod",
        "resourcePath",
        "status",
        "responseLength",
        "requestTime",
    } <= set(log_format)
    for value in log_format.values():
        assert re.fullmatch(r"\$context\.[A-Za-z.]+", value), value
        assert not re.search(r"body|input|header|querystring|payload", value, re.IGNORECASE), value
    # The concrete path can carry identifiers; only the resource path template is logged.
    assert "$context.path" not in log_format.values()
    assert "$input" not in stage.inputs["accessLogSettings"]["format"]

    settings = recording.one(SETTINGS)
    assert settings.inputs["methodPath"] == "*/*"
    assert settings.inputs["stageName"] == "v1"
    assert settings.inputs["settings"]["cachingEnabled"] is False
    assert settings.inputs["settings"]["dataTraceEnabled"] is False
    assert settings.inputs["settings"]["loggingLevel"] == "OFF"
    # Execution logging off: no account-wide CloudWatch role is set by the endpoint.
    assert recording.of_type("aws:apigateway/account:Account") == []


def test_web_acl_blocks_by_default_and_orders_rules(program) -> None:
    recording = program(build())
    web_acl = recording.one(WEB_ACL)
    assert recording.provider_region(web_acl) == "eu-west-3"
    assert web_acl.inputs["scope"] == "REGIONAL"
    assert web_acl.inputs["defaultAction"] == {"block": {}}
    common = rule(web_acl, "aws-common-rule-set")
    assert common["statement"]["managedRuleGroupStatement"] == {
        "vendorName": "AWS",
        "name": "AWSManagedRulesCommonRuleSet",
    }
    assert common["overrideAction"] == {"none": {}}
    rate = rule(web_acl, "rate-limit-per-ip")
    assert rate["action"] == {"block": {}}
    assert rate["statement"]["rateBasedStatement"] == {
        "limit": 1000,
        "aggregateKeyType": "IP",
        "evaluationWindowSec": 300,
    }
    geo = rule(web_acl, "allow-supported-countries")
    assert geo["action"] == {"allow": {}}
    assert geo["statement"]["geoMatchStatement"]["countryCodes"] == sorted(COUNTRY_GROUPS["EEA"])
    # Blocking rules are evaluated before the ALLOW, which would otherwise short-circuit them.
    assert common["priority"] < geo["priority"]
    assert rate["priority"] < geo["priority"]
    assert len({r["priority"] for r in web_acl.inputs["rules"]}) == 3
    for visibility in [
        web_acl.inputs["visibilityConfig"],
        *[r["visibilityConfig"] for r in web_acl.inputs["rules"]],
    ]:
        assert visibility["sampledRequestsEnabled"] is False

    association = recording.one(ASSOCIATION)
    assert association.inputs["resourceArn"] == recording.one(STAGE).state["arn"]
    assert association.inputs["webAclArn"] == web_acl.state["arn"]
    assert recording.provider_region(association) == "eu-west-3"


@pytest.mark.parametrize(
    ("countries", "expected"),
    [
        (["FR", "de", "EU"], sorted(expand_countries(["EU"]))),
        ("FR, CH", ["CH", "FR"]),
        (["EEA", "CH", "GB"], sorted(COUNTRY_GROUPS["EEA"] | {"CH", "GB"})),
    ],
)
def test_geo_rule_uses_the_expanded_supported_countries(program, countries, expected) -> None:
    recording = program(build(supported_countries=countries))
    geo = rule(recording.one(WEB_ACL), "allow-supported-countries")
    assert geo["statement"]["geoMatchStatement"]["countryCodes"] == expected
    outputs = recording.one("residency:components:ResidentEndpoint").outputs
    assert outputs["supported_countries"] == expected


def test_more_than_fifty_countries_become_an_or_of_geo_matches(program) -> None:
    codes = sorted(c.alpha_2 for c in pycountry.countries)[:120]
    recording = program(build(supported_countries=codes))
    statement = rule(recording.one(WEB_ACL), "allow-supported-countries")["statement"]
    chunks = [s["geoMatchStatement"]["countryCodes"] for s in statement["orStatement"]["statements"]]
    assert [len(c) for c in chunks] == [50, 50, 20]
    assert [code for chunk in chunks for code in chunk] == codes


def test_invoke_permission_is_scoped_to_the_stage(program) -> None:
    recording = program(build(stage_name="prod"))
    permission = recording.one("aws:lambda/permission:Permission")
    execution_arn = recording.one(API).state["executionArn"]
    assert permission.inputs["principal"] == "apigateway.amazonaws.com"
    assert permission.inputs["action"] == "lambda:InvokeFunction"
    assert permission.inputs["function"] == recording.one("aws:lambda/function:Function").state["name"]
    assert permission.inputs["sourceArn"] == f"{execution_arn}/prod/*/*"
    assert execution_arn.startswith("arn:aws:execute-api:eu-west-3:")


def test_outputs(program) -> None:
    recording = program(build())
    stage = recording.one(STAGE)
    outputs = recording.one("residency:components:ResidentEndpoint").outputs
    assert outputs["invoke_url"] == stage.state["invokeUrl"]
    assert re.fullmatch(
        r"https://api[0-9a-f]{8}\.execute-api\.eu-west-3\.amazonaws\.com/v1", outputs["invoke_url"]
    )
    assert outputs["stage_arn"] == stage.state["arn"]
    assert outputs["web_acl_arn"] == recording.one(WEB_ACL).state["arn"]
    assert outputs["region"] == "eu-west-3"


def test_cognito_user_pools(program) -> None:
    recording = program(
        build(authorization="COGNITO_USER_POOLS", user_pool_arns=[POOL], authorization_scopes=["echo/read"])
    )
    authorizer = recording.one("aws:apigateway/authorizer:Authorizer")
    assert authorizer.inputs["type"] == "COGNITO_USER_POOLS"
    assert authorizer.inputs["providerArns"] == [POOL]
    for method in recording.of_type(METHOD):
        assert method.inputs["authorization"] == "COGNITO_USER_POOLS"
        assert method.inputs["authorizerId"] == "api-authorizer-id"  # the mocked id of the authorizer
        assert method.inputs["apiKeyRequired"] is False
        assert method.inputs["authorizationScopes"] == ["echo/read"]
    assert recording.of_type("aws:apigateway/apiKey:ApiKey") == []


def test_account_logging_role_orders_the_stage(program) -> None:
    def build_with_account() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        key = ResidentKey("paris", {"provider": pinned, "allow_cloudwatch_logs": True})
        function = ResidentFunction("echo", {"provider": pinned, "key": key, "code": CODE})
        logging = ApiGatewayAccountLogging("apigw", {"provider": pinned})
        ResidentEndpoint(
            "api", {"provider": pinned, "key": key, "function": function, "account_logging": logging}
        )

    recording = program(build_with_account)
    account = recording.one("aws:apigateway/account:Account")
    assert (
        account.inputs["cloudwatchRoleArn"] == recording.one("aws:iam/role:Role", "apigw-role").state["arn"]
    )
    # depends_on a component means on its children: the stage waits for the account setting.
    assert account.urn in recording.one(STAGE).dependencies
    attachment = recording.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"] == (
        "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"supported_countries": ["EEA", "UK"]},
            "ResidentEndpoint 'api': supported_countries: 'UK' is not an ISO 3166-1 alpha-2 country code "
            "or a country group (EEA, EU). The ISO 3166-1 code of the United Kingdom is 'GB'.",
        ),
        (
            {"supported_countries": ["XX"]},
            "supported_countries: 'XX' is not an ISO 3166-1 alpha-2 country code",
        ),
        ({"supported_countries": []}, "supported_countries: The list of supported countries is empty"),
        ({"authorization": "NONE"}, "authorization: 'NONE' is not 'AWS_IAM' or 'COGNITO_USER_POOLS'"),
        ({"user_pool_arns": [POOL]}, "user_pool_arns: user pools and scopes apply to COGNITO_USER_POOLS"),
        (
            {"authorization": "COGNITO_USER_POOLS"},
            "user_pool_arns: COGNITO_USER_POOLS authorization needs at least",
        ),
        (
            {
                "authorization": "COGNITO_USER_POOLS",
                "user_pool_arns": [POOL.replace("eu-west-3", "us-east-1")],
            },
            "user_pool_arns: region 'us-east-1' is outside the residency zone 'eu'",
        ),
        (
            {"authorization": "COGNITO_USER_POOLS", "user_pool_arns": ["my-pool"]},
            "user_pool_arns: 'my-pool' is not a Cognito user pool ARN",
        ),
        ({"rate_limit": 5}, "rate_limit: 5 is not between 10 and 2000000000 requests."),
        ({"stage_name": "v 1"}, "stage_name: 'v 1' is not a stage name"),
        ({"log_retention_days": 0}, "log_retention_days: 0 is not a CloudWatch Logs retention period"),
        ({"logs": False}, "key: the key does not allow CloudWatch Logs to use it"),
        (
            {"function_region": "eu-central-1"},
            "function: the function is in 'eu-central-1' but the endpoint is in 'eu-west-3'",
        ),
    ],
)
def test_refusals_before_any_endpoint_resource(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert [r for r in recording.resources if "apigateway" in r.type or "wafv2" in r.type] == []
    assert recording.of_type("residency:components:ResidentEndpoint") == []


@given(
    codes=st.lists(st.sampled_from(sorted(c.alpha_2 for c in pycountry.countries)), min_size=1, unique=True)
)
def test_geo_statement_covers_exactly_the_countries_in_chunks_of_fifty(codes: list[str]) -> None:
    statement = geo_statement(codes)
    if len(codes) <= 50:
        assert statement.or_statement is None
        chunks = [statement.geo_match_statement.country_codes]
    else:
        assert statement.geo_match_statement is None
        chunks = [s.geo_match_statement.country_codes for s in statement.or_statement.statements]
    assert all(1 <= len(chunk) <= 50 for chunk in chunks)
    assert [code for chunk in chunks for code in chunk] == sorted(codes)
