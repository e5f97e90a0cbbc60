"""Compliant: a billing-tagged secret in us-east-1 with its SecretVersion and SecretPolicy.

AWS pattern: the API token of a cloud cost-management SaaS, read by the FinOps account's tooling in
us-east-1; the value is set by a SecretVersion (a separate resource without tags) and access is limited by a
SecretPolicy.

Why compliant: the secret holds a billing-tool credential, not customer content, and is tagged
``data-class: billing``; the secret version and the policy belong to that secret and take its class.
"""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
secret = aws.secretsmanager.Secret(
    "cost-tool-token",
    name="finops/cost-tool-token",
    description="API token of the cost-management tool",
    recovery_window_in_days=7,
    tags={"data-class": "billing"},
    region="us-east-1",
)
aws.secretsmanager.SecretVersion(
    "cost-tool-token",
    secret_id=secret.id,
    secret_string=config.get_secret("costToolToken") or pulumi.Output.secret("placeholder"),
    region="us-east-1",
)
aws.secretsmanager.SecretPolicy(
    "cost-tool-token",
    secret_arn=secret.arn,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "FinOpsReads",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:role/finops-reporting"},
            "Action": "secretsmanager:GetSecretValue",
            "Resource": "*",
        }],
    }),
    block_public_policy=True,
    region="us-east-1",
)

pulumi.export("secret_arn", secret.arn)
