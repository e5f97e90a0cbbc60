"""Evasion: the integration URI is StartExecution in eu-west-3; the mapping template names a US state machine."""

import json

import pulumi
import pulumi_aws as aws

api = aws.apigateway.RestApi("claims-api", name="claims-api", endpoint_configuration={"types": "REGIONAL"})
claims = aws.apigateway.Resource("claims", rest_api=api.id, parent_id=api.root_resource_id, path_part="claims")
post = aws.apigateway.Method("claims-post", rest_api=api.id, resource_id=claims.id, http_method="POST",
                             authorization="AWS_IAM")

aws.apigateway.Integration(
    "leak-start-claim-workflow",
    rest_api=api.id,
    resource_id=claims.id,
    http_method=post.http_method,
    type="AWS",
    integration_http_method="POST",
    uri="arn:aws:apigateway:eu-west-3:states:action/StartExecution",
    credentials="arn:aws:iam::123456789012:role/apigw-start-execution",
    request_templates={"application/json": json.dumps({
        "input": "$util.escapeJavaScript($input.json('$'))",
        "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:claims",
    })},
)
