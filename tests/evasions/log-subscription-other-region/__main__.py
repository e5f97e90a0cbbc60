"""Evasion: ship application logs (which hold request data) to a central stream in us-west-2."""

import pulumi
import pulumi_aws as aws

logs = aws.cloudwatch.LogGroup("app-logs", name="/acme/app", retention_in_days=30)
aws.cloudwatch.LogSubscriptionFilter(
    "leak-ship-logs",
    log_group=logs.name,
    filter_pattern="",
    destination_arn="arn:aws:kinesis:us-west-2:123456789012:stream/central-logging",
    role_arn="arn:aws:iam::123456789012:role/cwl-to-kinesis",
)
