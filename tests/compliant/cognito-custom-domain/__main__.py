"""Compliant: a Cognito user pool in eu-west-3 with a custom domain and a us-east-1 certificate.

AWS pattern: a custom domain of a user pool (managed login and the OAuth 2.0 token endpoint) is served through CloudFront, so "the
ACM certificate must be in the US East (N. Virginia) Region" (Cognito Developer Guide,
cognito-user-pools-add-custom-domain). The certificate is the platform team's wildcard certificate, passed as
an ARN; the user pool (the identities: customer content) stays in eu-west-3.

Why compliant: the user pool, its client and its domain resource are in eu-west-3; the certificate ARN names
where Cognito reads the TLS certificate, which holds no customer content.
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
    mfa_configuration="OPTIONAL",
    software_token_mfa_configuration={"enabled": True},
    password_policy={"minimum_length": 12, "require_numbers": True, "require_symbols": True},
    deletion_protection="ACTIVE",
)
api = aws.cognito.ResourceServer(
    "orders-api",
    identifier="orders",
    name="orders-api",
    user_pool_id=pool.id,
    scopes=[{"scope_name": "read", "scope_description": "Read orders"}],
)
# A machine-to-machine client: it gets tokens from the custom domain's /oauth2/token endpoint.
aws.cognito.UserPoolClient(
    "partner-backend",
    user_pool_id=pool.id,
    generate_secret=True,
    allowed_oauth_flows=["client_credentials"],
    allowed_oauth_flows_user_pool_client=True,
    allowed_oauth_scopes=api.scope_identifiers,
    supported_identity_providers=["COGNITO"],
)
domain = aws.cognito.UserPoolDomain(
    "login",
    domain="login.example.eu",
    user_pool_id=pool.id,
    certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
    managed_login_version=2,
)


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

pulumi.export("login_domain", domain.domain)
