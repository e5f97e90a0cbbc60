"""Evasion: sign-up SMS go out through SNS in us-east-1, with every user's phone number."""

import pulumi
import pulumi_aws as aws

aws.cognito.UserPool(
    "leak-customers-pool",
    name="customers",
    auto_verified_attributes=["phone_number"],
    mfa_configuration="OPTIONAL",
    software_token_mfa_configuration={"enabled": True},
    sms_configuration={
        "external_id": "customers-pool",
        "sns_caller_arn": "arn:aws:iam::123456789012:role/cognito-sms",
        "sns_region": "us-east-1",
    },
)
