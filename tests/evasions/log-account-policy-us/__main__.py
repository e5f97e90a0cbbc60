"""Evasion: one account-level subscription policy ships every log group of the account to us-west-2."""

import json

import pulumi
import pulumi_aws as aws

aws.cloudwatch.LogAccountPolicy(
    "leak-account-log-shipping",
    policy_name="ship-all-logs",
    policy_type="SUBSCRIPTION_FILTER_POLICY",
    policy_document=json.dumps({
        "DestinationArn": "arn:aws:kinesis:us-west-2:123456789012:stream/central-logs",
        "RoleArn": "arn:aws:iam::123456789012:role/cwl-to-kinesis",
        "FilterPattern": "",
        "Distribution": "Random",
    }),
    selection_criteria='LogGroupName NOT IN ["/aws/lambda/healthcheck"]',
)
