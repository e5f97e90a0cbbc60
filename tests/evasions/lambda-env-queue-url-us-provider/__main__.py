"""Evasion: QUEUE_URL is queue.url, unknown at preview, of a queue this stack creates with a us-east-1 provider."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# Tagged billing: the queue alone could stand there; what the function sends it is customer content.
queue = aws.sqs.Queue("handoff", name="handoff", tags={"data-class": "billing"},
                      opts=pulumi.ResourceOptions(provider=us_east_1))

aws.lambda_.Function(
    "leak-handoff-producer",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\\n    return None\\n")}),
    environment={"variables": {"QUEUE_URL": queue.url}},
)
