"""Evasion: a public network load balancer, which no web ACL can geo-restrict."""

import pulumi
import pulumi_aws as aws

aws.lb.LoadBalancer(
    "leak-ingest",
    internal=False,
    load_balancer_type="network",
    subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
)
