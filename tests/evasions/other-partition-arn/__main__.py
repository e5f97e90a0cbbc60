"""Evasion: the dead-letter queue is an ARN of another partition (China)."""

import json

import pulumi
import pulumi_aws as aws

aws.sqs.Queue(
    "leak-orders",
    redrive_policy=json.dumps({
        "deadLetterTargetArn": "arn:aws-cn:sqs:cn-north-1:123456789012:orders-dlq",
        "maxReceiveCount": 5,
    }),
)
