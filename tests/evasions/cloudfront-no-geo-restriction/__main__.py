"""Evasion: a distribution that serves every country (no geo restriction, no web ACL)."""

import pulumi
import pulumi_aws as aws

aws.cloudfront.Distribution(
    "leak-site",
    enabled=True,
    origins=[{
        "domain_name": "site.acme.example",
        "origin_id": "site",
        "custom_origin_config": {
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "https-only",
            "origin_ssl_protocols": ["TLSv1.2"],
        },
    }],
    default_cache_behavior={
        "target_origin_id": "site",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    restrictions={"geo_restriction": {"restriction_type": "none"}},
    viewer_certificate={"cloudfront_default_certificate": True},
)
