"""Evasion: the queue's access policy is written in another stack (unknown at preview; it could allow "*")."""

import pulumi
import pulumi_aws as aws

shared = pulumi.StackReference("acme/shared-services/prod")

orders = aws.sqs.Queue("orders", sqs_managed_sse_enabled=True)
aws.sqs.QueuePolicy("leak-orders-access", queue_url=orders.url, policy=shared.get_output("orders_queue_policy"))
