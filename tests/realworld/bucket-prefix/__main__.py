import pulumi
import pulumi_aws as aws

logs = aws.s3.Bucket("logs", bucket_prefix="acme-logs-", tags={"data-class": "service-metadata"})
aws.s3.BucketPublicAccessBlock("logs", bucket=logs.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)
pulumi.export("bucket", logs.bucket)
