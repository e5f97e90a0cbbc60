"""Compliant: Lambda failure handling and event sources wired from resource outputs, all in eu-west-3.

AWS pattern: a stream processor reads a Kinesis data stream through an event source mapping (with an
on-failure destination for records it cannot process), keeps a dead-letter queue for asynchronous
invocations, and reports asynchronous results through a FunctionEventInvokeConfig (on success to SNS, on
failure to SQS) (Lambda Developer Guide, invocation-async-retain-records, with-kinesis).

Why compliant: every destination is a resource of this stack in eu-west-3. The function's name is generated
(unknown at preview), so ``function_name`` values resolve through their dependencies to the function in
eu-west-3; ARNs of queues, topics and the stream name eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("clicks", description="Click stream", enable_key_rotation=True)
stream = aws.kinesis.Stream(
    "clicks",
    stream_mode_details={"stream_mode": "ON_DEMAND"},
    retention_period=24,
    encryption_type="KMS",
    kms_key_id=key.arn,
)
dead_letters = aws.sqs.Queue("clicks-dlq", kms_master_key_id=key.arn)
failures = aws.sqs.Queue("clicks-failures", kms_master_key_id=key.arn)
successes = aws.sns.Topic("clicks-processed", kms_master_key_id=key.arn)

role = aws.iam.Role(
    "clicks",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.iam.RolePolicyAttachment(
    "clicks-kinesis",
    role=role.name,
    policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole",
)
processor = aws.lambda_.Function(
    "clicks",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    dead_letter_config={"target_arn": dead_letters.arn},
    kms_key_arn=key.arn,
    tracing_config={"mode": "Active"},
)
aws.cloudwatch.LogGroup(
    "clicks",
    name=processor.name.apply(lambda name: f"/aws/lambda/{name}"),
    retention_in_days=14,
    kms_key_id=key.arn,
)
aws.lambda_.FunctionEventInvokeConfig(
    "clicks",
    function_name=processor.name,
    maximum_retry_attempts=1,
    maximum_event_age_in_seconds=3600,
    destination_config={
        "on_success": {"destination": successes.arn},
        "on_failure": {"destination": failures.arn},
    },
)
aws.lambda_.EventSourceMapping(
    "clicks",
    event_source_arn=stream.arn,
    function_name=processor.name,
    starting_position="LATEST",
    batch_size=100,
    bisect_batch_on_function_error=True,
    maximum_retry_attempts=3,
    destination_config={"on_failure": {"destination_arn": failures.arn}},
)

pulumi.export("stream", stream.name)
