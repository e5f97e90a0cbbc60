"""Evasion: "the model is not available in Paris", so the agent uses the us.* profile: inference runs in the US."""

import pulumi
import pulumi_aws as aws

aws.bedrock.AgentAgent(
    "leak-claims-agent",
    agent_name="claims-agent",
    agent_resource_role_arn="arn:aws:iam::123456789012:role/bedrock-claims-agent",
    foundation_model="us.anthropic.claude-3-7-sonnet-20250219-v1:0",
    instruction="You triage insurance claims submitted by customers.",
)
