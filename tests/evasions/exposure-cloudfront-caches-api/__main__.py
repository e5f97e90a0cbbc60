"""Evasion: a geo-restricted distribution whose /api/* behaviour caches API responses at edge locations worldwide."""

import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]

api_cache = aws.cloudfront.CachePolicy(
    "api-cache", default_ttl=300, max_ttl=3600, min_ttl=0,
    parameters_in_cache_key_and_forwarded_to_origin={
        "cookies_config": {"cookie_behavior": "none"}, "headers_config": {"header_behavior": "none"},
        "query_strings_config": {"query_string_behavior": "all"}},
)
aws.cloudfront.Distribution(
    "leak-cdn",
    enabled=True,
    origins=[{"domain_name": "abc123.execute-api.eu-west-3.amazonaws.com", "origin_id": "api",
              "custom_origin_config": {"http_port": 80, "https_port": 443, "origin_protocol_policy": "https-only",
                                       "origin_ssl_protocols": ["TLSv1.2"]}}],
    default_cache_behavior={"target_origin_id": "api", "viewer_protocol_policy": "https-only",
                            "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"],
                            "cache_policy_id": api_cache.id},
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": EEA}},
    viewer_certificate={"cloudfront_default_certificate": True},
)
