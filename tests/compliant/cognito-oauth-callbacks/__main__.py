"""Compliant: a Cognito app client for a web application, with callback and logout URLs.

AWS pattern: the authorization-code flow of Cognito managed login. After sign-in, Cognito redirects the
user's *browser* to one of the client's ``callback_urls`` with a one-time code; the application then exchanges
the code at the user pool's token endpoint (Cognito Developer Guide, authorization-endpoint). ``logout_urls``
are where the browser is sent after sign-out.

Why compliant: the user pool (the identities) is in eu-west-3. Callback and logout URLs are an allow-list of
redirect targets checked by Cognito; Cognito never sends data to them itself, the browser follows a redirect
to the application's own domain.
The hosted UI is geo-restricted to the EEA by a web ACL associated with the user pool.
"""

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]

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


# The hosted UI and token endpoints answer the internet: a web ACL on the user pool admits the EEA only.
visibility = {"cloudwatch_metrics_enabled": True, "metric_name": "login", "sampled_requests_enabled": False}
login_acl = aws.wafv2.WebAcl(
    "login",
    scope="REGIONAL",
    default_action={"block": {}},
    visibility_config=visibility,
    rules=[{"name": "eea", "priority": 0, "action": {"allow": {}},
            "statement": {"geo_match_statement": {"country_codes": EEA}},
            "visibility_config": {**visibility, "metric_name": "eea"}}],
)
aws.wafv2.WebAclAssociation("login", resource_arn=pool.arn, web_acl_arn=login_acl.arn)

pulumi.export("client_id", client.id)
