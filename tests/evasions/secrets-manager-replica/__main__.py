"""Evasion: a secret replica in us-west-2."""

import pulumi
import pulumi_aws as aws

aws.secretsmanager.Secret("leak-api-token", name="acme/api-token", replicas=[{"region": "us-west-2"}])
