"""Evasion: an HTTP API route anyone on the internet can call."""

import pulumi
import pulumi_aws as aws

api = aws.apigatewayv2.Api("items-api", name="items", protocol_type="HTTP")
aws.apigatewayv2.Route("leak-get-items", api_id=api.id, route_key="GET /items", authorization_type="NONE")
