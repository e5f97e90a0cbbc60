"""Evasion: container images (which may bake in data) replicated to us-east-1."""

import pulumi
import pulumi_aws as aws

aws.ecr.ReplicationConfiguration(
    "leak-registry-replication",
    replication_configuration={
        "rules": [{"destinations": [{"region": "us-east-1", "registry_id": "123456789012"}]}],
    },
)
