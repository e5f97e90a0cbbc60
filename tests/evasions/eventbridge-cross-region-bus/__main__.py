"""Evasion: a rule forwards every customer event to the central event bus of the US organisation."""

import json

import pulumi
import pulumi_aws as aws

bus = aws.cloudwatch.EventBus("customer-events", name="customer-events")
rule = aws.cloudwatch.EventRule(
    "all-customer-events",
    name="all-customer-events",
    event_bus_name=bus.name,
    event_pattern=json.dumps({"source": [{"prefix": "acme."}]}),
)

aws.cloudwatch.EventTarget(
    "leak-forward-to-central-bus",
    rule=rule.name,
    event_bus_name=bus.name,
    target_id="central-bus",
    arn="arn:aws:events:us-east-1:123456789012:event-bus/central",
    role_arn="arn:aws:iam::123456789012:role/eventbridge-forwarder",
)
