"""Evasion: an API destination hands every matching event to the US team's API Gateway."""

import pulumi
import pulumi_aws as aws

connection = aws.cloudwatch.EventConnection(
    "us-partner-connection",
    name="us-partner",
    authorization_type="API_KEY",
    auth_parameters={"api_key": {"key": "x-api-key", "value": "placeholder"}},
)

aws.cloudwatch.EventApiDestination(
    "leak-order-events-to-us-api",
    name="order-events-us",
    invocation_endpoint="https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/prod/events",
    http_method="POST",
    invocation_rate_limit_per_second=20,
    connection_arn=connection.arn,
)
