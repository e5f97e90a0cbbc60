import pulumi
import pulumi_aws as aws

bucket = aws.s3.Bucket("reports", tags={"data-class": "customer-content"})
aws.s3.BucketServerSideEncryptionConfiguration("reports", bucket=bucket.id, rules=[
    aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
        apply_server_side_encryption_by_default=aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
            sse_algorithm="aws:kms"))])
pulumi.export("bucket", bucket.bucket)
