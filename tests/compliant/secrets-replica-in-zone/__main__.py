"""Compliant: a Secrets Manager secret replicated to another EU region.

AWS pattern: multi-Region secrets (Secrets Manager User Guide, create-manage-multi-region-secrets): the
secret's ``replicas`` list regions and the key to encrypt each replica with, so that a failover region can
read the same credential.

Why compliant: the secret is in eu-west-3 and its replica in eu-central-1, both in zone ``eu``; the replica
key is a Frankfurt key.
"""

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("db-credentials", description="Database credentials (Paris)", enable_key_rotation=True)
replica_key = aws.kms.Key("db-credentials-frankfurt", description="Database credentials (Frankfurt)",
                          enable_key_rotation=True, region="eu-central-1")
secret = aws.secretsmanager.Secret(
    "db-credentials",
    name="shop/db-credentials",
    kms_key_id=key.arn,
    recovery_window_in_days=30,
    replicas=[{"region": "eu-central-1", "kms_key_id": replica_key.arn}],
)

pulumi.export("secret", secret.arn)
