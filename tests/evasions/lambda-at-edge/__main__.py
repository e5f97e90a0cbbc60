"""Evasion: Lambda@Edge processes every request at edge locations worldwide."""

import pulumi
import pulumi_aws as aws

aws.cloudfront.Distribution(
    "leak-cdn",
    enabled=True,
    origins=[{
        "domain_name": "api.acme.example",
        "origin_id": "api",
        "custom_origin_config": {
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "https-only",
            "origin_ssl_protocols": ["TLSv1.2"],
        },
    }],
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": ["FR", "DE"]}},
    viewer_certificate={"cloudfront_default_certificate": True},
    default_cache_behavior={
        "target_origin_id": "api",
        "viewer_protocol_policy": "https-only",
        "allowed_methods": ["GET", "HEAD"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        "lambda_function_associations": [{
            "event_type": "viewer-request",
            "lambda_arn": "arn:aws:lambda:us-east-1:123456789012:function:auth:3",
        }],
    },
)
