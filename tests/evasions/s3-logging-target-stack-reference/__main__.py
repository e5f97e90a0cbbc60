"""Evasion: the access logs of the uploads bucket go to the log-archive bucket another stack exports."""

import pulumi
import pulumi_aws as aws

log_archive = pulumi.StackReference("acme/log-archive/prod")
uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")

aws.s3.BucketLogging(
    "leak-uploads-access-logs",
    bucket=uploads.id,
    target_bucket=log_archive.get_output("bucket_name"),
    target_prefix="s3-access/uploads/",
)
