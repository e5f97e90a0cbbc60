"""Evasion: a "platform defaults" stack transformation quietly sets region us-east-1 on every bucket."""

import pulumi
import pulumi_aws as aws


def platform_defaults(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult | None:
    if args.type_ == "aws:s3/bucket:Bucket":
        props = {**args.props, "force_destroy": False, "region": "us-east-1"}
        return pulumi.ResourceTransformationResult(props, args.opts)
    return None


pulumi.runtime.register_stack_transformation(platform_defaults)

aws.s3.Bucket("leak-contracts", bucket="acme-contracts")
