"""Compliant: a CloudFront custom domain whose ACM certificate lives in us-east-1.

AWS pattern: "To use an ACM certificate with CloudFront, make sure you request (or import) the certificate in
the US East (N. Virginia) Region (us-east-1)" (CloudFront Developer Guide, cnames-and-https-requirements). The
site's content stays in an S3 bucket in eu-west-3, read through origin access control; DNS validation records
live in the (global) Route 53 zone.

Why compliant: the certificate holds a public key and domain names, no customer content; the distribution's
only origin is the in-zone bucket; viewers are limited to the EEA by a geo-restriction whitelist, and no code
runs at the edge.
"""

import json

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]

zone = aws.route53.Zone("site", name="www.example.eu")
site = aws.s3.Bucket("site", bucket="acme-site-eu")
aws.s3.BucketPublicAccessBlock("site", bucket=site.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)

certificate = aws.acm.Certificate(
    "site",
    domain_name="www.example.eu",
    validation_method="DNS",
    region="us-east-1",  # CloudFront accepts certificates from us-east-1 only
)
validation = aws.route53.Record(
    "site-validation",
    zone_id=zone.zone_id,
    name=certificate.domain_validation_options[0].resource_record_name,
    type=certificate.domain_validation_options[0].resource_record_type,
    records=[certificate.domain_validation_options[0].resource_record_value],
    ttl=300,
)
validated = aws.acm.CertificateValidation(
    "site",
    certificate_arn=certificate.arn,
    validation_record_fqdns=[validation.fqdn],
    region="us-east-1",
)

oac = aws.cloudfront.OriginAccessControl(
    "site",
    name="acme-site-eu",
    origin_access_control_origin_type="s3",
    signing_behavior="always",
    signing_protocol="sigv4",
)
distribution = aws.cloudfront.Distribution(
    "site",
    enabled=True,
    aliases=["www.example.eu"],
    default_root_object="index.html",
    price_class="PriceClass_100",
    origins=[{
        "origin_id": "site",
        "domain_name": site.bucket_regional_domain_name,
        "origin_access_control_id": oac.id,
    }],
    default_cache_behavior={
        "target_origin_id": "site",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",  # Managed-CachingOptimized
    },
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": EEA}},
    viewer_certificate={
        "acm_certificate_arn": validated.certificate_arn,
        "ssl_support_method": "sni-only",
        "minimum_protocol_version": "TLSv1.2_2021",
    },
)
aws.s3.BucketPolicy(
    "site",
    bucket=site.id,
    policy=pulumi.Output.all(site.arn, distribution.arn).apply(lambda args: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": f"{args[0]}/*",
            "Condition": {"StringEquals": {"AWS:SourceArn": args[1]}},
        }],
    })),
)
aws.route53.Record(
    "site",
    zone_id=zone.zone_id,
    name="www.example.eu",
    type="A",
    aliases=[{"name": distribution.domain_name, "zone_id": distribution.hosted_zone_id,
              "evaluate_target_health": False}],
)

pulumi.export("url", "https://www.example.eu")
