"""Evasion: Incident Manager's replication set (incident timelines quote customer data) includes us-east-1."""

import pulumi
import pulumi_aws as aws

aws.ssmincidents.ReplicationSet(
    "leak-incidents",
    regions=[{"name": "eu-west-3"}, {"name": "us-east-1"}],
)
