"""Evasion: every order event is also routed to an SQS queue in us-east-1 through an EventBridge target."""

import json

import pulumi
import pulumi_aws as aws

orders = aws.cloudwatch.EventRule(
    "order-placed",
    name="order-placed",
    event_pattern=json.dumps({"source": ["acme.orders"], "detail-type": ["OrderPlaced"]}),
)

aws.cloudwatch.EventTarget(
    "leak-orders-to-us-analytics",
    rule=orders.name,
    target_id="us-analytics",
    arn="arn:aws:sqs:us-east-1:123456789012:order-analytics",
)
