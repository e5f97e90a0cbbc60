"""Evasion: the provider is handed over in a `providers` list, not `provider=`, and it points at us-west-2."""

import pulumi
import pulumi_aws as aws

oregon = aws.Provider("shared", region="us-west-2")

aws.sqs.Queue("leak-notifications", name="notifications",
              opts=pulumi.ResourceOptions(providers=[oregon]))
