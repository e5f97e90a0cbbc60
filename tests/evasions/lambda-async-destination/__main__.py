"""Evasion: asynchronous invocation records (with the event) go to a topic in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.lambda_.FunctionEventInvokeConfig(
    "leak-worker-async",
    function_name="worker",
    maximum_retry_attempts=1,
    destination_config={
        "on_failure": {"destination": "arn:aws:sns:us-east-1:123456789012:failures"},
        "on_success": {"destination": "arn:aws:sqs:eu-west-3:123456789012:done"},
    },
)
