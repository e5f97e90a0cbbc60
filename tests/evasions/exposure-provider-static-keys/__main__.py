"""Evasion: the explicit provider carries a long-lived access key pair instead of assuming a role."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
eu = aws.Provider("leak-provider", region="eu-west-3", access_key="AKIAIOSFODNN7EXAMPLE",
                  secret_key=config.get_secret("deployerSecret") or "not-a-real-secret")
aws.sqs.Queue("orders", opts=pulumi.ResourceOptions(provider=eu))
