"""Compliant: a regional, IAM-authorised REST API behind a geo-allow-list WAF web ACL.

AWS pattern: the shape of ``components/endpoint.py`` written with plain resources. A REGIONAL REST API
(not edge-optimised), ``ANY`` methods on ``/`` and ``/{proxy+}`` with ``AWS_IAM`` authorization and a
Lambda proxy integration, a stage with access logging to a log group that expires events and no cache,
method settings without data trace, and a WAFv2 web ACL (scope REGIONAL) associated with the stage: default
action BLOCK, AWS managed common rules, a rate limit, then ALLOW for requests from EEA countries.

Why compliant: the API, function, log group and web ACL are in eu-west-3; no static API keys, no anonymous
methods, no response cache or payload logging, and only EEA countries can reach the endpoint.
"""

import json

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]


def visibility(metric: str) -> aws.wafv2.WebAclVisibilityConfigArgsDict:
    return {"cloudwatch_metrics_enabled": True, "metric_name": metric, "sampled_requests_enabled": False}


role = aws.iam.Role(
    "quotes",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
function = aws.lambda_.Function(
    "quotes",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset(
        "def handler(event, context):\n    return {'statusCode': 200, 'body': '{}'}\n")}),
)
api = aws.apigateway.RestApi("quotes", endpoint_configuration={"types": "REGIONAL"})
proxy = aws.apigateway.Resource("quotes-proxy", rest_api=api.id, parent_id=api.root_resource_id,
                                path_part="{proxy+}")
routed: list[pulumi.Resource] = [proxy]
for role_name, resource_id in (("root", api.root_resource_id), ("proxy", proxy.id)):
    method = aws.apigateway.Method(
        f"quotes-{role_name}",
        rest_api=api.id,
        resource_id=resource_id,
        http_method="ANY",
        authorization="AWS_IAM",
        api_key_required=False,
    )
    integration = aws.apigateway.Integration(
        f"quotes-{role_name}",
        rest_api=api.id,
        resource_id=resource_id,
        http_method=method.http_method,
        type="AWS_PROXY",
        integration_http_method="POST",
        uri=function.invoke_arn,
    )
    routed += [method, integration]
deployment = aws.apigateway.Deployment(
    "quotes",
    rest_api=api.id,
    triggers={"redeployment": "v1"},
    opts=pulumi.ResourceOptions(depends_on=routed),
)
access_logs = aws.cloudwatch.LogGroup("quotes-access", retention_in_days=30)
stage = aws.apigateway.Stage(
    "quotes",
    rest_api=api.id,
    deployment=deployment.id,
    stage_name="v1",
    cache_cluster_enabled=False,
    access_log_settings={
        "destination_arn": access_logs.arn,
        "format": json.dumps({"requestId": "$context.requestId", "status": "$context.status",
                              "caller": "$context.identity.caller"}),
    },
)
aws.apigateway.MethodSettings(
    "quotes",
    rest_api=api.id,
    stage_name=stage.stage_name,
    method_path="*/*",
    settings={"caching_enabled": False, "data_trace_enabled": False, "logging_level": "OFF",
              "metrics_enabled": True, "throttling_rate_limit": 100, "throttling_burst_limit": 200},
)
aws.lambda_.Permission(
    "quotes-apigateway",
    action="lambda:InvokeFunction",
    function=function.name,
    principal="apigateway.amazonaws.com",
    source_arn=pulumi.Output.concat(api.execution_arn, "/v1/*/*"),
)
rules: list[aws.wafv2.WebAclRuleArgsDict] = [
    {"name": "aws-common", "priority": 0, "override_action": {"none": {}},
     "statement": {"managed_rule_group_statement": {"vendor_name": "AWS",
                                                    "name": "AWSManagedRulesCommonRuleSet"}},
     "visibility_config": visibility("quotes-common")},
    {"name": "rate-limit", "priority": 1, "action": {"block": {}},
     "statement": {"rate_based_statement": {"limit": 1000, "aggregate_key_type": "IP"}},
     "visibility_config": visibility("quotes-rate")},
    {"name": "allow-eea", "priority": 2, "action": {"allow": {}},
     "statement": {"geo_match_statement": {"country_codes": EEA}},
     "visibility_config": visibility("quotes-eea")},
]
web_acl = aws.wafv2.WebAcl(
    "quotes",
    scope="REGIONAL",
    default_action={"block": {}},
    rules=rules,
    visibility_config=visibility("quotes"),
)
aws.wafv2.WebAclAssociation("quotes", resource_arn=stage.arn, web_acl_arn=web_acl.arn)

pulumi.export("invoke_url", stage.invoke_url)
