"""Evasion: the provider's region is read from configuration that the stack does not set."""

import pulumi
import pulumi_aws as aws

target = pulumi.Config("archive").get("region")
provider = aws.Provider("leak-archive-provider", region=target)
aws.s3.Bucket("leak-archive", bucket="acme-archive", opts=pulumi.ResourceOptions(provider=provider))
