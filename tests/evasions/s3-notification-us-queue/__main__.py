"""Evasion: object-created events of the uploads bucket (keys carry customer names) go to a queue in us-east-1."""

import pulumi
import pulumi_aws as aws

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-eu")

aws.s3.BucketNotification(
    "leak-uploads-notifications",
    bucket=uploads.id,
    queues=[{
        "queue_arn": "arn:aws:sqs:us-east-1:123456789012:upload-events",
        "events": ["s3:ObjectCreated:*"],
    }],
)
