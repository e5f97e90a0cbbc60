"""Compliant: an upload bucket whose CORS configuration allows the web application's origin.

AWS pattern: browsers upload directly to S3 with presigned URLs, so the bucket's CORS configuration allows
the web application's origin to ``PUT``/``POST`` (S3 User Guide, cors, ManageCorsUsing).

Why compliant: the bucket is in eu-west-3. ``allowed_origins`` is an allow-list the browser checks before
it sends the user's file *to the bucket*; S3 never sends anything to the origin.
"""

import pulumi
import pulumi_aws as aws

uploads = aws.s3.Bucket("uploads", bucket="acme-browser-uploads-paris")
aws.s3.BucketCorsConfiguration(
    "uploads",
    bucket=uploads.id,
    cors_rules=[{
        "allowed_methods": ["PUT", "POST"],
        "allowed_origins": ["https://app.example.eu"],
        "allowed_headers": ["*"],
        "expose_headers": ["ETag"],
        "max_age_seconds": 3000,
    }],
)
