"""Evasion: a provider region with a trailing blank."""

import pulumi
import pulumi_aws as aws

paris = aws.Provider("leak-paris", region="eu-west-3 ")
aws.sqs.Queue("leak-events", opts=pulumi.ResourceOptions(provider=paris))
