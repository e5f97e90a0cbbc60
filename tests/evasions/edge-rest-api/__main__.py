"""Evasion: API Gateway's default endpoint type is EDGE (terminated at CloudFront worldwide)."""

import pulumi
import pulumi_aws as aws

api = aws.apigateway.RestApi("leak-public-api", name="public-api", description="orders API")
pulumi.export("api", api.id)
