"""Evasion: copy a machine image (disk contents) of the zone into us-west-2."""

import pulumi
import pulumi_aws as aws

aws.ec2.AmiCopy(
    "leak-golden-image-us",
    name="golden-image",
    source_ami_id="ami-0123456789abcdef0",
    source_ami_region="eu-west-3",
    region="us-west-2",
)
