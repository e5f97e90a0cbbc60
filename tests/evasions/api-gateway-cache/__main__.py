"""Evasion: the stage cache keeps copies of responses (customer content)."""

import pulumi
import pulumi_aws as aws

api = aws.apigateway.RestApi("orders", name="orders", endpoint_configuration={"types": "REGIONAL"})
deployment = aws.apigateway.Deployment("orders-deployment", rest_api=api.id)
aws.apigateway.Stage(
    "leak-prod",
    rest_api=api.id,
    deployment=deployment.id,
    stage_name="prod",
    cache_cluster_enabled=True,
    cache_cluster_size="0.5",
)
