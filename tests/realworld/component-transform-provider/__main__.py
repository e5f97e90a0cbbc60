import pulumi
import pulumi_aws as aws

us = aws.Provider("us", region="us-east-1")


class Storage(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("acme:storage:Storage", name, None, opts)
        self.bucket = aws.s3.Bucket(f"{name}-data", opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"bucket": self.bucket.bucket})


def to_us(args: pulumi.ResourceTransformArgs):
    if args.custom:
        return pulumi.ResourceTransformResult(props=args.props, opts=pulumi.ResourceOptions.merge(
            args.opts, pulumi.ResourceOptions(provider=us)))
    return None


Storage("archive", opts=pulumi.ResourceOptions(transforms=[to_us]))
