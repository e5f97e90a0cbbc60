"""Compliant: a Cognito app client for a web application, with callback and logout URLs.

AWS pattern: the authorization-code flow of Cognito managed login. After sign-in, Cognito redirects the
user's *browser* to one of the client's ``callback_urls`` with a one-time code; the application then exchanges
the code at the user pool's token endpoint (Cognito Developer Guide, authorization-endpoint). ``logout_urls``
are where the browser is sent after sign-out.

Why compliant: the user pool (the identities) is in eu-west-3. Callback and logout URLs are an allow-list of
redirect targets checked by Cognito; Cognito never sends data to them itself, the browser follows a redirect
to the application's own domain.
"""

import pulumi
import pulumi_aws as aws

pool = aws.cognito.UserPool(
    "customers",
    username_attributes=["email"],
    auto_verified_attributes=["email"],
    deletion_protection="ACTIVE",
)
client = aws.cognito.UserPoolClient(
    "web",
    user_pool_id=pool.id,
    generate_secret=False,
    allowed_oauth_flows=["code"],
    allowed_oauth_flows_user_pool_client=True,
    allowed_oauth_scopes=["openid", "email"],
    callback_urls=["https://app.example.eu/auth/callback"],
    logout_urls=["https://app.example.eu/"],
    default_redirect_uri="https://app.example.eu/auth/callback",
    supported_identity_providers=["COGNITO"],
)
aws.cognito.UserPoolDomain("login", domain="acme-customers-eu", user_pool_id=pool.id)

pulumi.export("client_id", client.id)
