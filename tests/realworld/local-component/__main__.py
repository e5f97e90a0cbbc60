import json
import pulumi
import pulumi_aws as aws


class WorkQueue(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("acme:messaging:WorkQueue", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.dead = aws.sqs.Queue(f"{name}-dead", message_retention_seconds=1209600, opts=child)
        self.queue = aws.sqs.Queue(f"{name}-main", opts=child, redrive_policy=self.dead.arn.apply(
            lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 5})))
        self.register_outputs({"queueUrl": self.queue.url})


jobs = WorkQueue("jobs")
pulumi.export("queueUrl", jobs.queue.url)
