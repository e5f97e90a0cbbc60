"""Compliant: SNS to SQS fan-out (FIFO) in eu-west-1 (Dublin).

AWS pattern: a FIFO topic with FIFO queue subscribers (SNS Developer Guide, sns-fifo-topics), each
subscription with a filter policy on message attributes and a redrive policy to a dead-letter queue, and a
queue policy allowing only this topic to send (``aws:SourceArn``).

Why compliant: topic, queues and dead-letter queue are in eu-west-1, in zone ``eu``; subscription endpoints
and redrive targets are their eu-west-1 ARNs; the filter policy matches messages and the queue policies are
grants.
"""

import json

import pulumi
import pulumi_aws as aws

topic = aws.sns.Topic("payments.fifo", name="payments.fifo", fifo_topic=True, content_based_deduplication=True,
                      kms_master_key_id="alias/aws/sns")
dead_letters = aws.sqs.Queue("payments-dlq.fifo", name="payments-dlq.fifo", fifo_queue=True,
                             sqs_managed_sse_enabled=True)

for consumer, kinds in (("ledger", ["captured", "refunded"]), ("fraud", ["authorised"])):
    queue = aws.sqs.Queue(f"payments-{consumer}.fifo", name=f"payments-{consumer}.fifo", fifo_queue=True,
                          sqs_managed_sse_enabled=True)
    aws.sqs.QueuePolicy(
        f"payments-{consumer}",
        queue_url=queue.id,
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
        f"payments-{consumer}",
        topic=topic.arn,
        protocol="sqs",
        endpoint=queue.arn,
        raw_message_delivery=True,
        filter_policy=json.dumps({"kind": kinds}),
        redrive_policy=dead_letters.arn.apply(lambda arn: json.dumps({"deadLetterTargetArn": arn})),
    )

pulumi.export("topic", topic.arn)
