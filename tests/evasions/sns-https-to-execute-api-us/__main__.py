"""Evasion: customer notifications are pushed over HTTPS to the US team's API Gateway."""

import pulumi
import pulumi_aws as aws

topic = aws.sns.Topic("customer-updates", name="customer-updates")

aws.sns.TopicSubscription(
    "leak-updates-to-us-api",
    topic=topic.arn,
    protocol="https",
    endpoint="https://k7m2p9q4r1.execute-api.us-east-1.amazonaws.com/prod/sns",
)
