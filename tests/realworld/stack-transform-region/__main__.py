import pulumi
import pulumi_aws as aws


def pin_queues(args: pulumi.ResourceTransformArgs):
    if args.type_ == "aws:sqs/queue:Queue":
        return pulumi.ResourceTransformResult(props={**args.props, "region": "us-east-1"}, opts=args.opts)
    return None


pulumi.runtime.register_stack_transform(pin_queues)
aws.sqs.Queue("orders", message_retention_seconds=86400)
