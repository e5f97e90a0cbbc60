"""Evasion: a global endpoint fails over to, and replicates every event to, a bus in us-east-1."""

import pulumi
import pulumi_aws as aws

bus = aws.cloudwatch.EventBus("orders", name="orders")

aws.cloudwatch.EventEndpoint(
    "leak-orders-global-endpoint",
    name="orders-global",
    role_arn="arn:aws:iam::123456789012:role/eventbridge-replication",
    event_buses=[
        {"event_bus_arn": bus.arn},
        {"event_bus_arn": "arn:aws:events:us-east-1:123456789012:event-bus/orders"},
    ],
    replication_config={"state": "ENABLED"},
    routing_config={"failover_config": {
        "primary": {"health_check": "arn:aws:route53:::healthcheck/5a7f9c1e-3b2d-4e6f-8a9b-0c1d2e3f4a5b"},
        "secondary": {"route": "us-east-1"},
    }},
)
