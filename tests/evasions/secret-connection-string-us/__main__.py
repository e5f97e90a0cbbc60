"""Evasion: the application's database secret is repointed at a replica endpoint in us-east-1."""

import json

import pulumi
import pulumi_aws as aws

secret = aws.secretsmanager.Secret("app-database", name="app/database")

aws.secretsmanager.SecretVersion(
    "leak-app-database-current",
    secret_id=secret.id,
    secret_string=json.dumps({
        "engine": "postgres",
        "host": "app-replica.c9akciq32lvm.us-east-1.rds.amazonaws.com",
        "port": 5432,
        "username": "app",
        "dbname": "app",
    }),
)
