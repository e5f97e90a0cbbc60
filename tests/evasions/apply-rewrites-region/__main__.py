"""Evasion: the "DR queue" URL is derived from an EU queue's URL by swapping the region inside an apply.

At preview the queue's URL is unknown, so the value only shows that it derives from an EU queue.
"""

import pulumi
import pulumi_aws as aws

queue = aws.sqs.Queue("orders", name="orders")

aws.lambda_.Function(
    "leak-dr-producer",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\\n    return None\\n")}),
    environment={"variables": {
        "DR_QUEUE_URL": queue.url.apply(lambda url: url.replace(".eu-west-3.", ".us-east-1.")),
    }},
)
