"""AWS pattern: A private S3 bucket served only through CloudFront with origin access control and an EEA geo restriction.

Why compliant: A private bucket served only through CloudFront, with origin access control and an EEA whitelist.
"""

import json

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]

site = aws.s3.Bucket("site-content")
aws.s3.BucketPublicAccessBlock("site-content", bucket=site.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)
aws.s3.BucketOwnershipControls("site-content", bucket=site.id,
                               rule={"object_ownership": "BucketOwnerEnforced"})

access = aws.cloudfront.OriginAccessControl("site", origin_access_control_origin_type="s3",
                                            signing_behavior="always", signing_protocol="sigv4")
cdn = aws.cloudfront.Distribution(
    "site",
    enabled=True,
    default_root_object="index.html",
    origins=[{
        "domain_name": site.bucket_regional_domain_name,
        "origin_id": "site",
        "origin_access_control_id": access.id,
    }],
    default_cache_behavior={
        "target_origin_id": "site",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    },
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": EEA}},
    viewer_certificate={"cloudfront_default_certificate": True},
)

# Only this distribution may read the bucket (the service principal, limited by the distribution's ARN).
aws.s3.BucketPolicy(
    "site-content",
    bucket=site.id,
    policy=pulumi.Output.all(site.arn, cdn.arn).apply(lambda arns: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": f"{arns[0]}/*",
            "Condition": {"StringEquals": {"AWS:SourceArn": arns[1]}},
        }],
    })),
)
