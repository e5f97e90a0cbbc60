"""Evasion: the provider says eu-west-3, but its endpoint overrides send every S3 and SQS call to us-east-1."""

import pulumi
import pulumi_aws as aws

paris = aws.Provider(
    "leak-paris",
    region="eu-west-3",
    endpoints=[{
        "s3": "https://s3.us-east-1.amazonaws.com",
        "sqs": "https://sqs.us-east-1.amazonaws.com",
    }],
)

aws.s3.Bucket("documents", bucket="acme-documents", opts=pulumi.ResourceOptions(provider=paris))
aws.sqs.Queue("orders", name="orders", opts=pulumi.ResourceOptions(provider=paris))
