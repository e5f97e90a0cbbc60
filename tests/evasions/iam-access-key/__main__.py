"""Evasion: static credentials usable from anywhere in the world."""

import pulumi
import pulumi_aws as aws

user = aws.iam.User("ci", name="ci")
key = aws.iam.AccessKey("leak-ci-key", user=user.name)
pulumi.export("access_key_id", key.id)
