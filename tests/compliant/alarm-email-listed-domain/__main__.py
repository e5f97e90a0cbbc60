"""Compliant: CloudWatch alarms e-mailed to the on-call team's own mail domain, listed as a destination.

AWS pattern: alarms on queue depth and function errors notify an SNS topic, which e-mails the on-call
address (SNS Developer Guide, sns-email-notifications); the topic policy lets CloudWatch publish.

Why compliant: the e-mail subscription sends to ``acme.fr``, which the pack configuration lists as an
external destination in France (FR), inside zone ``eu``. The alarms, topic and queue are in eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

queue = aws.sqs.Queue("invoices", sqs_managed_sse_enabled=True)
topic = aws.sns.Topic("on-call", kms_master_key_id="alias/aws/sns")
aws.sns.TopicPolicy(
    "on-call",
    arn=topic.arn,
    policy=topic.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
                       "Action": "sns:Publish", "Resource": arn}],
    })),
)
aws.sns.TopicSubscription("on-call-email", topic=topic.arn, protocol="email", endpoint="oncall@acme.fr")
aws.cloudwatch.MetricAlarm(
    "invoices-backlog",
    namespace="AWS/SQS",
    metric_name="ApproximateAgeOfOldestMessage",
    dimensions={"QueueName": queue.name},
    statistic="Maximum",
    period=300,
    evaluation_periods=3,
    threshold=900,
    comparison_operator="GreaterThanThreshold",
    alarm_actions=[topic.arn],
    ok_actions=[topic.arn],
)
