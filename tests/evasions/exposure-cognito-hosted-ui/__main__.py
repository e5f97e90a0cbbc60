"""Evasion: a Cognito hosted UI (managed login) domain, public, its user pool without a web ACL."""

import pulumi_aws as aws

pool = aws.cognito.UserPool("customers", mfa_configuration="OPTIONAL",
                            software_token_mfa_configuration={"enabled": True})
aws.cognito.UserPoolDomain("leak-login", domain="acme-customers-login", user_pool_id=pool.id)
