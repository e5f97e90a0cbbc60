"""Evasion: eu-central-2 is Zurich, outside the EU, although its name starts with eu-."""

import pulumi
import pulumi_aws as aws

orders = aws.sqs.Queue("leak-orders", message_retention_seconds=1209600, region="eu-central-2")
pulumi.export("queue", orders.url)
