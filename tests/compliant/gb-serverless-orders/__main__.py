"""Compliant: a UK serverless order pipeline in London (eu-west-2) under zone ``gb``.

AWS pattern: UK public-sector and financial teams keep data in the London region. Orders arrive on an SQS queue
(with a dead-letter queue), a Lambda function consumes them through an event source mapping and writes to a
DynamoDB table; everything is encrypted with one customer managed KMS key, and the function's log group
expires events.

Why compliant: every resource is in eu-west-2, the only region of zone ``gb`` (pack configuration
``zone: gb`` in policy-config.json); every reference (queue, table, key, log group) resolves to it, including
values unknown at preview (the function's generated name), which resolve through their dependencies.
"""

import json

import pulumi
import pulumi_aws as aws

london = aws.Provider("london", region="eu-west-2", default_tags={"tags": {"service": "orders"}})
opts = pulumi.ResourceOptions(provider=london)

key = aws.kms.Key("orders", description="Orders data", enable_key_rotation=True, opts=opts)
aws.kms.Alias("orders", name="alias/orders", target_key_id=key.key_id, opts=opts)

dead_letters = aws.sqs.Queue("orders-dlq", kms_master_key_id=key.arn, message_retention_seconds=1209600, opts=opts)
queue = aws.sqs.Queue(
    "orders",
    kms_master_key_id=key.arn,
    visibility_timeout_seconds=60,
    redrive_policy=dead_letters.arn.apply(lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})),
    opts=opts,
)
table = aws.dynamodb.Table(
    "orders",
    billing_mode="PAY_PER_REQUEST",
    hash_key="orderId",
    attributes=[{"name": "orderId", "type": "S"}],
    server_side_encryption={"enabled": True, "kms_key_arn": key.arn},
    point_in_time_recovery={"enabled": True},
    deletion_protection_enabled=True,
    opts=opts,
)
role = aws.iam.Role(
    "orders-worker",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
    opts=opts,
)
aws.iam.RolePolicyAttachment(
    "orders-worker-sqs",
    role=role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
    opts=opts,
)
logs = aws.cloudwatch.LogGroup("orders-worker", name="/aws/lambda/orders-worker", retention_in_days=30,
                               kms_key_id=key.arn, opts=opts)
worker = aws.lambda_.Function(
    "orders-worker",
    name="orders-worker",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    kms_key_arn=key.arn,
    environment={"variables": {"TABLE_NAME": table.name}},
    logging_config={"log_format": "JSON", "log_group": logs.name},
    opts=opts,
)
aws.lambda_.EventSourceMapping(
    "orders",
    event_source_arn=queue.arn,
    function_name=worker.arn,
    batch_size=10,
    function_response_types=["ReportBatchItemFailures"],
    opts=opts,
)

pulumi.export("queue_url", queue.url)
