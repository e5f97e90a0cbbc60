"""Evasion: a pipe drains the EU orders queue into a Kinesis stream in us-west-2."""

import pulumi
import pulumi_aws as aws

orders = aws.sqs.Queue("orders", name="orders")

aws.pipes.Pipe(
    "leak-orders-pipe",
    name="orders-to-us",
    role_arn="arn:aws:iam::123456789012:role/pipes-orders",
    source=orders.arn,
    target="arn:aws:kinesis:us-west-2:123456789012:stream/orders",
    target_parameters={"kinesis_stream_parameters": {"partition_key": "$.messageId"}},
)
