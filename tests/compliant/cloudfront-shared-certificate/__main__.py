"""Compliant: CloudFront in front of an in-zone origin, with a platform team's us-east-1 certificate.

AWS pattern: one wildcard ACM certificate per domain, requested once in us-east-1 (the only region CloudFront
takes certificates from) by the platform team and handed to application stacks as an ARN in stack
configuration. The origin is an HTTPS endpoint of an application load balancer in eu-west-3.

Why compliant: ``viewerCertificate.acmCertificateArn`` names where CloudFront reads the certificate, not where
data goes; the only origin is in the zone (its AWS hostname names eu-west-3), viewers are limited to the EEA,
and nothing runs at the edge (no Lambda@Edge, no CloudFront Functions).
"""

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]

config = pulumi.Config("site")
certificate_arn = config.require("certificateArn")

distribution = aws.cloudfront.Distribution(
    "app",
    enabled=True,
    aliases=["app.example.eu"],
    price_class="PriceClass_100",
    origins=[{
        "origin_id": "alb",
        "domain_name": "app-alb-1234567890.eu-west-3.elb.amazonaws.com",
        "custom_origin_config": {
            "http_port": 80,
            "https_port": 443,
            "origin_protocol_policy": "https-only",
            "origin_ssl_protocols": ["TLSv1.2"],
        },
    }],
    default_cache_behavior={
        "target_origin_id": "alb",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",  # Managed-CachingDisabled
        "origin_request_policy_id": "216adef6-5c7f-47e4-b989-5492eafa07d3",  # Managed-AllViewer
    },
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": EEA}},
    viewer_certificate={
        "acm_certificate_arn": certificate_arn,
        "ssl_support_method": "sni-only",
        "minimum_protocol_version": "TLSv1.2_2021",
    },
)

pulumi.export("domain", distribution.domain_name)
