"""Evasion: a nightly schedule hands the day's order batch to a function in us-east-1."""

import json

import pulumi
import pulumi_aws as aws

aws.scheduler.Schedule(
    "leak-nightly-batch",
    name="nightly-batch",
    schedule_expression="cron(0 1 * * ? *)",
    flexible_time_window={"mode": "OFF"},
    target={
        "arn": "arn:aws:lambda:us-east-1:123456789012:function:order-batch",
        "role_arn": "arn:aws:iam::123456789012:role/scheduler-invoke",
        "input": json.dumps({"batch": "orders"}),
    },
)
