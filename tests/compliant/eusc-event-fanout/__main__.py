"""Compliant: event fan-out inside the AWS European Sovereign Cloud.

AWS pattern: an SNS topic fans out to two SQS queues (raw message delivery, a queue policy letting the topic
send), and an EventBridge schedule invokes a Lambda function that publishes to the topic. Names and ARNs are
built from resource outputs.

Why compliant: the topic, queues, rule, target and function are all in eusc-de-east-1; every ARN the
subscriptions and targets name is an ``arn:aws-eusc`` ARN of that region, and the queue policies are grants.
"""

import json

import pulumi
import pulumi_aws as aws

topic = aws.sns.Topic("documents", kms_master_key_id="alias/aws/sns")
queues = []
for consumer in ("archive", "search"):
    queue = aws.sqs.Queue(f"documents-{consumer}", sqs_managed_sse_enabled=True)
    aws.sqs.QueuePolicy(
        f"documents-{consumer}",
        queue_url=queue.url,
        policy=pulumi.Output.all(queue.arn, topic.arn).apply(lambda arns: json.dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "sns.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": arns[0],
                "Condition": {"ArnEquals": {"aws:SourceArn": arns[1]}},
            }],
        })),
    )
    aws.sns.TopicSubscription(
        f"documents-{consumer}",
        topic=topic.arn,
        protocol="sqs",
        endpoint=queue.arn,
        raw_message_delivery=True,
    )
    queues.append(queue)

role = aws.iam.Role(
    "publisher",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.cloudwatch.LogGroup("publisher", name="/aws/lambda/publisher", retention_in_days=7)
publisher = aws.lambda_.Function(
    "publisher",
    name="publisher",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"TOPIC_ARN": topic.arn}},
)
rule = aws.cloudwatch.EventRule("hourly", schedule_expression="rate(1 hour)")
aws.cloudwatch.EventTarget("hourly", rule=rule.name, arn=publisher.arn)
aws.lambda_.Permission(
    "hourly",
    action="lambda:InvokeFunction",
    function=publisher.name,
    principal="events.amazonaws.com",
    source_arn=rule.arn,
)

pulumi.export("topic", topic.arn)
