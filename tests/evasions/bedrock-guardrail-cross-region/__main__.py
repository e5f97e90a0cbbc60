"""Evasion: the guardrail's cross-Region profile sends every prompt it screens to US regions for evaluation."""

import pulumi
import pulumi_aws as aws

aws.bedrock.Guardrail(
    "leak-support-guardrail",
    name="support",
    blocked_input_messaging="Sorry, I cannot help with that.",
    blocked_outputs_messaging="Sorry, I cannot help with that.",
    content_policy_config={"filters_configs": [
        {"type": "HATE", "input_strength": "HIGH", "output_strength": "HIGH"},
    ]},
    cross_region_config={
        "guardrail_profile_identifier": "arn:aws:bedrock:eu-west-3:123456789012:guardrail-profile/us.guardrail.v1:0",
    },
)
