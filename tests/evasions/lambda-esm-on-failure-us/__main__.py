"""Evasion: records the function fails to process (full payloads) are sent to a queue in us-east-1."""

import pulumi
import pulumi_aws as aws

stream = aws.kinesis.Stream("payments", name="payments", stream_mode_details={"stream_mode": "ON_DEMAND"})
handler = aws.lambda_.Function(
    "payments-handler",
    role="arn:aws:iam::123456789012:role/payments-handler",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
)

aws.lambda_.EventSourceMapping(
    "leak-payments-mapping",
    event_source_arn=stream.arn,
    function_name=handler.name,
    starting_position="LATEST",
    maximum_retry_attempts=3,
    destination_config={"on_failure": {"destination_arn": "arn:aws:sqs:us-east-1:123456789012:payments-failures"}},
)
