"""Compliant: an EventBridge bus, rules and targets in eu-west-3.

AWS pattern: a custom event bus for domain events; rules whose event patterns filter on ``source``,
``detail-type`` and ``region`` (EventBridge User Guide, eb-event-patterns); targets of several kinds (an SQS
queue with a target dead-letter queue, a Lambda function, a Step Functions state machine through a role, a
Kinesis stream with a partition key), input transformers, and an archive for replay.

Why compliant: every target ARN and dead-letter queue is in eu-west-3; the event pattern only matches events
and sends nothing; the archive is in eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

bus = aws.cloudwatch.EventBus("orders", name="orders")
aws.cloudwatch.EventArchive("orders", name="orders-archive", event_source_arn=bus.arn, retention_days=30)

queue = aws.sqs.Queue("order-placed", sqs_managed_sse_enabled=True)
dead_letters = aws.sqs.Queue("order-events-dlq", sqs_managed_sse_enabled=True)
stream = aws.kinesis.Stream("order-analytics", stream_mode_details={"stream_mode": "ON_DEMAND"},
                            encryption_type="KMS", kms_key_id="alias/aws/kinesis")
lambda_role = aws.iam.Role(
    "notifier",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
notifier = aws.lambda_.Function(
    "notifier",
    role=lambda_role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
)
events_role = aws.iam.Role(
    "events-targets",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
workflow = aws.sfn.StateMachine(
    "fulfilment",
    role_arn="arn:aws:iam::123456789012:role/fulfilment-workflow",
    definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
)

placed = aws.cloudwatch.EventRule(
    "order-placed",
    event_bus_name=bus.name,
    event_pattern=json.dumps({
        "source": ["shop.orders"],
        "detail-type": ["OrderPlaced"],
        "region": ["eu-west-3", "eu-central-1"],
    }),
)
aws.cloudwatch.EventTarget(
    "order-placed-queue",
    rule=placed.name,
    event_bus_name=bus.name,
    arn=queue.arn,
    dead_letter_config={"arn": dead_letters.arn},
    retry_policy={"maximum_retry_attempts": 3, "maximum_event_age_in_seconds": 3600},
)
aws.cloudwatch.EventTarget(
    "order-placed-notifier",
    rule=placed.name,
    event_bus_name=bus.name,
    arn=notifier.arn,
    input_transformer={
        "input_paths": {"order": "$.detail.orderId"},
        "input_template": '{"orderId": <order>}',
    },
)
aws.cloudwatch.EventTarget(
    "order-placed-workflow",
    rule=placed.name,
    event_bus_name=bus.name,
    arn=workflow.arn,
    role_arn=events_role.arn,
)
aws.cloudwatch.EventTarget(
    "order-placed-analytics",
    rule=placed.name,
    event_bus_name=bus.name,
    arn=stream.arn,
    role_arn=events_role.arn,
    kinesis_target={"partition_key_path": "$.detail.orderId"},
)
aws.lambda_.Permission(
    "order-placed-notifier",
    action="lambda:InvokeFunction",
    function=notifier.name,
    principal="events.amazonaws.com",
    source_arn=placed.arn,
)
