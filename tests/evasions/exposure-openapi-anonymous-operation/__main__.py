"""Evasion: no Method resources to check: the OpenAPI body declares an operation without any authorizer."""

import json

import pulumi_aws as aws

FUNCTION = "arn:aws:lambda:eu-west-3:123456789012:function:orders"
INTEGRATION = {"type": "aws_proxy", "httpMethod": "POST",
               "uri": f"arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"}
spec = {
    "openapi": "3.0.1",
    "info": {"title": "orders", "version": "1.0"},
    "components": {"securitySchemes": {"sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                                                 "x-amazon-apigateway-authtype": "awsSigv4"}}},
    "paths": {
        "/orders": {"post": {"security": [{"sigv4": []}], "x-amazon-apigateway-integration": INTEGRATION,
                             "responses": {"200": {"description": "ok"}}}},
        "/orders/export": {"get": {"x-amazon-apigateway-integration": INTEGRATION,
                                   "responses": {"200": {"description": "every order"}}}},
    },
}
aws.apigateway.RestApi("leak-api", body=json.dumps(spec), endpoint_configuration={"types": "REGIONAL"})
