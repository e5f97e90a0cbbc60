"""Compliant: an upload bucket with server access logging and event notifications, all in eu-west-3.

AWS pattern: server access logs go to a log bucket (S3 User Guide, ServerLogs); object events notify an SQS
queue, an SNS topic and a Lambda function (S3 User Guide, EventNotifications), each with the resource policy
S3 needs (``aws:SourceArn`` is the bucket).

Why compliant: the log bucket is a bucket of this stack in eu-west-3, and the queue, topic and function
ARNs name eu-west-3; the resource policies are grants.
"""

import json

import pulumi
import pulumi_aws as aws

uploads = aws.s3.Bucket("uploads", bucket="acme-uploads-paris")
logs = aws.s3.Bucket("uploads-logs", bucket="acme-uploads-logs-paris")
aws.s3.BucketLogging("uploads", bucket=uploads.id, target_bucket=logs.id, target_prefix="uploads/")
queue = aws.sqs.Queue("uploads-scan", sqs_managed_sse_enabled=True)
aws.sqs.QueuePolicy(
    "uploads-scan",
    queue_url=queue.id,
    policy=pulumi.Output.all(queue.arn, uploads.arn).apply(lambda a: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                       "Action": "sqs:SendMessage", "Resource": a[0],
                       "Condition": {"ArnLike": {"aws:SourceArn": a[1]}}}],
    })),
)
topic = aws.sns.Topic("uploads-audit")
aws.sns.TopicPolicy(
    "uploads-audit",
    arn=topic.arn,
    policy=pulumi.Output.all(topic.arn, uploads.arn).apply(lambda a: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"},
                       "Action": "sns:Publish", "Resource": a[0],
                       "Condition": {"ArnLike": {"aws:SourceArn": a[1]}}}],
    })),
)
role = aws.iam.Role(
    "thumbnailer",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
thumbnailer = aws.lambda_.Function(
    "thumbnailer",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
)
permission = aws.lambda_.Permission(
    "uploads-thumbnailer",
    action="lambda:InvokeFunction",
    function=thumbnailer.name,
    principal="s3.amazonaws.com",
    source_arn=uploads.arn,
)
aws.s3.BucketNotification(
    "uploads",
    bucket=uploads.id,
    queues=[{"queue_arn": queue.arn, "events": ["s3:ObjectCreated:*"], "filter_prefix": "incoming/"}],
    topics=[{"topic_arn": topic.arn, "events": ["s3:ObjectRemoved:*"]}],
    lambda_functions=[{"lambda_function_arn": thumbnailer.arn, "events": ["s3:ObjectCreated:*"],
                       "filter_prefix": "images/"}],
    opts=pulumi.ResourceOptions(depends_on=[permission]),
)
