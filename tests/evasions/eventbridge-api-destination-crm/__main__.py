"""Evasion: sign-up events (name, e-mail, company) are posted to the CRM's API through an API destination."""

import pulumi
import pulumi_aws as aws

connection = aws.cloudwatch.EventConnection(
    "crm-connection",
    name="crm",
    authorization_type="API_KEY",
    auth_parameters={"api_key": {"key": "Authorization", "value": "Bearer placeholder"}},
)

aws.cloudwatch.EventApiDestination(
    "leak-signups-to-crm",
    name="signups-to-crm",
    invocation_endpoint="https://api.hubapi.com/crm/v3/objects/contacts",
    http_method="POST",
    invocation_rate_limit_per_second=10,
    connection_arn=connection.arn,
)
