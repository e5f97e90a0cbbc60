"""Evasion: the DLQ is a queue of this stack, built with a us-east-1 provider; the function only sees queue.arn."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# Tagged billing: the queue alone could stand there; what the function sends it is customer content.
dlq = aws.sqs.Queue("worker-dlq", name="worker-dlq", tags={"data-class": "billing"},
                    opts=pulumi.ResourceOptions(provider=us_east_1))

aws.lambda_.Function(
    "leak-worker",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\\n    return None\\n")}),
    dead_letter_config={"target_arn": dlq.arn},
)
