"""Evasion: /scores/{proxy+} of the EU API is proxied, request bodies included, to a partner's scoring API."""

import pulumi
import pulumi_aws as aws

api = aws.apigateway.RestApi("orders-api", name="orders-api", endpoint_configuration={"types": "REGIONAL"})
scores = aws.apigateway.Resource("scores", rest_api=api.id, parent_id=api.root_resource_id, path_part="{proxy+}")
method = aws.apigateway.Method(
    "scores-any",
    rest_api=api.id,
    resource_id=scores.id,
    http_method="ANY",
    authorization="AWS_IAM",
    request_parameters={"method.request.path.proxy": True},
)

aws.apigateway.Integration(
    "leak-scores-proxy",
    rest_api=api.id,
    resource_id=scores.id,
    http_method=method.http_method,
    type="HTTP_PROXY",
    integration_http_method="ANY",
    uri="https://api.credit-scores.example.com/v2/{proxy}",
    request_parameters={"integration.request.path.proxy": "method.request.path.proxy"},
)
