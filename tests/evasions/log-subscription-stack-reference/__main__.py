"""Evasion: application logs are subscribed to whatever destination the observability stack exports."""

import pulumi
import pulumi_aws as aws

observability = pulumi.StackReference("acme/observability/prod")
logs = aws.cloudwatch.LogGroup("api-logs", name="/app/api", retention_in_days=30)

aws.cloudwatch.LogSubscriptionFilter(
    "leak-api-logs-shipping",
    log_group=logs.name,
    filter_pattern="",
    destination_arn=observability.get_output("log_destination_arn"),
)
