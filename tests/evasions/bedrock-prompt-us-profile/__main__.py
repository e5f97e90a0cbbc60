"""Evasion: the managed summarisation prompt's variant uses a us.* model id, so every invocation runs in the US."""

import pulumi
import pulumi_aws as aws

aws.bedrock.AgentPrompt(
    "leak-summarise-ticket",
    name="summarise-ticket",
    default_variant="v1",
    variants=[{
        "name": "v1",
        "template_type": "TEXT",
        "model_id": "us.amazon.nova-pro-v1:0",
        "inference_configuration": {"text": {"max_tokens": 512, "temperature": 0.2}},
        "template_configuration": {"text": {
            "text": "Summarise this support ticket: {{ticket}}",
            "input_variables": [{"name": "ticket"}],
        }},
    }],
)
