"""Evasion: a nightly Batch job syncs the customer table to us-east-1, the region given on its command line."""

import json

import pulumi
import pulumi_aws as aws

aws.batch.JobDefinition(
    "leak-table-sync",
    name="table-sync",
    type="container",
    platform_capabilities=["FARGATE"],
    container_properties=json.dumps({
        "image": "123456789012.dkr.ecr.eu-west-3.amazonaws.com/table-sync:0.9.0",
        "command": ["table-sync", "--table", "customers", "--region", "us-east-1"],
        "jobRoleArn": "arn:aws:iam::123456789012:role/table-sync",
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecs-execution",
        "resourceRequirements": [{"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "2048"}],
        "networkConfiguration": {"assignPublicIp": "DISABLED"},
    }),
)
