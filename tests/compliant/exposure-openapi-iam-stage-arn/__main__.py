"""AWS pattern: APIs defined by OpenAPI bodies with IAM on every operation; the stage is associated with its web ACL by the stage ARN as AWS writes it.

Why compliant: REST and HTTP APIs defined by OpenAPI bodies, IAM-authorized on every operation; the REST stage's web
ACL association names the stage by the ARN format AWS uses (arn:aws:apigateway:REGION::/restapis/ID/stages/NAME).
"""

import json

import pulumi
import pulumi_aws as aws
import yaml

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]
VISIBILITY = {"cloudwatch_metrics_enabled": True, "metric_name": "orders", "sampled_requests_enabled": False}
SIGV4 = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4"}
FUNCTION = "arn:aws:lambda:eu-west-3:123456789012:function:orders"
BACKEND = f"arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"


def operation() -> dict[str, object]:
    return {"security": [{"sigv4": []}], "responses": {"200": {"description": "ok"}},
            "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": BACKEND}}


spec = {
    "openapi": "3.0.1",
    "info": {"title": "orders", "version": "1.0"},
    "components": {"securitySchemes": {"sigv4": SIGV4}},
    "paths": {"/orders": {"get": operation(), "post": operation(),
                          "options": {"responses": {"200": {"description": "CORS preflight"}}}}},
}

api = aws.apigateway.RestApi("orders", body=json.dumps(spec), endpoint_configuration={"types": "REGIONAL"})
deployment = aws.apigateway.Deployment("orders", rest_api=api.id,
                                       triggers={"body": api.body.apply(lambda b: str(hash(b)))})
stage = aws.apigateway.Stage("orders", rest_api=api.id, deployment=deployment.id, stage_name="prod")

acl = aws.wafv2.WebAcl(
    "orders",
    scope="REGIONAL",
    default_action={"block": {}},
    visibility_config=VISIBILITY,
    rules=[{"name": "eea", "priority": 1, "action": {"allow": {}},
            "statement": {"geo_match_statement": {"country_codes": EEA}}, "visibility_config": VISIBILITY}],
)
aws.wafv2.WebAclAssociation(
    "orders",
    resource_arn=pulumi.Output.concat("arn:aws:apigateway:eu-west-3::/restapis/", api.id, "/stages/",
                                      stage.stage_name),
    web_acl_arn=acl.arn,
)

# An HTTP API (which cannot carry a web ACL) defined in YAML, IAM-authorized throughout.
http_spec = {**spec, "security": [{"sigv4": []}],
             "paths": {"/orders": {"get": {"responses": {"200": {"description": "ok"}},
                                           "x-amazon-apigateway-integration": {
                                               "type": "aws_proxy", "payloadFormatVersion": "2.0",
                                               "uri": FUNCTION}}}}}
aws.apigatewayv2.Api("orders-http", protocol_type="HTTP", body=yaml.safe_dump(http_spec))
