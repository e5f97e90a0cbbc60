"""Evasion: the EU-only distribution forwards every request (cookies, bodies) to an origin hosted outside AWS."""

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
       "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"]

aws.cloudfront.Distribution(
    "leak-storefront",
    enabled=True,
    origins=[{
        "domain_name": "storefront.acme-shop.vercel.app",
        "origin_id": "storefront",
        "custom_origin_config": {
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "https-only",
            "origin_ssl_protocols": ["TLSv1.2"],
        },
    }],
    default_cache_behavior={
        "target_origin_id": "storefront",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    },
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": EEA}},
    viewer_certificate={"cloudfront_default_certificate": True},
)
