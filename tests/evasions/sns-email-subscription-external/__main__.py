"""Evasion: failed-payment events (with customer details) are e-mailed to a helpdesk mailbox hosted by a SaaS."""

import pulumi
import pulumi_aws as aws

topic = aws.sns.Topic("failed-payments", name="failed-payments")

aws.sns.TopicSubscription(
    "leak-failed-payments-mail",
    topic=topic.arn,
    protocol="email-json",
    endpoint="payments-team@acme.zendesk.com",
)
