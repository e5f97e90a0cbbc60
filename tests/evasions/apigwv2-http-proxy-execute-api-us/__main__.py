"""Evasion: the EU API proxies every request to the US team's API Gateway (*.execute-api.us-east-1.amazonaws.com)."""

import pulumi
import pulumi_aws as aws

api = aws.apigatewayv2.Api("orders-api", name="orders-api", protocol_type="HTTP")

proxy = aws.apigatewayv2.Integration(
    "leak-proxy-to-us-api",
    api_id=api.id,
    integration_type="HTTP_PROXY",
    integration_method="ANY",
    integration_uri="https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/{proxy}",
)

aws.apigatewayv2.Route(
    "orders-route",
    api_id=api.id,
    route_key="ANY /orders/{proxy+}",
    authorization_type="AWS_IAM",
    target=proxy.id.apply(lambda integration_id: f"integrations/{integration_id}"),
)
