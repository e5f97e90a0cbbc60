"""Evasion: every sign-in sends the user's attributes to a pre-token-generation function in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.cognito.UserPool(
    "leak-partners-pool",
    name="partners",
    username_attributes=["email"],
    lambda_config={"pre_token_generation": "arn:aws:lambda:us-east-1:123456789012:function:enrich-claims"},
)
