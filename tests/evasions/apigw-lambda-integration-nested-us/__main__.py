"""Evasion: the integration URI is an eu-west-3 API Gateway ARN, but the function ARN nested in it is in us-east-1."""

import pulumi
import pulumi_aws as aws

api = aws.apigateway.RestApi("orders-api", name="orders-api", endpoint_configuration={"types": "REGIONAL"})
orders = aws.apigateway.Resource("orders", rest_api=api.id, parent_id=api.root_resource_id, path_part="orders")
post = aws.apigateway.Method("orders-post", rest_api=api.id, resource_id=orders.id, http_method="POST",
                             authorization="AWS_IAM")

aws.apigateway.Integration(
    "leak-orders-lambda",
    rest_api=api.id,
    resource_id=orders.id,
    http_method=post.http_method,
    type="AWS_PROXY",
    integration_http_method="POST",
    uri="arn:aws:apigateway:eu-west-3:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:us-east-1:123456789012:function:create-order/invocations",
)
