"""Evasion: verification and password-reset e-mails are sent by SES in us-east-1, with every user's address."""

import pulumi
import pulumi_aws as aws

aws.cognito.UserPool(
    "leak-members-pool",
    name="members",
    auto_verified_attributes=["email"],
    username_attributes=["email"],
    email_configuration={
        "email_sending_account": "DEVELOPER",
        "from_email_address": "no-reply@acme.example",
        "source_arn": "arn:aws:ses:us-east-1:123456789012:identity/acme.example",
    },
)
