"""Evasion: a cost-tracking application inference profile copies the us.* system profile, so its requests run in the US."""

import pulumi
import pulumi_aws as aws

aws.bedrock.InferenceProfile(
    "leak-support-bot-profile",
    name="support-bot",
    description="cost allocation for the support bot",
    model_source={
        "copy_from": "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0",
    },
)
