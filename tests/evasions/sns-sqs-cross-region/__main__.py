"""Evasion: the US analytics team subscribes its own queue (in us-east-1) to the EU order topic."""

import pulumi
import pulumi_aws as aws

orders = aws.sns.Topic("orders", name="orders")

aws.sns.TopicSubscription(
    "leak-orders-to-us-queue",
    topic=orders.arn,
    protocol="sqs",
    endpoint="arn:aws:sqs:us-east-1:123456789012:order-analytics",
    raw_message_delivery=True,
)
