"""Evasion: the support agent runs on a global.* inference profile, which may serve requests from any region."""

import pulumi
import pulumi_aws as aws

aws.bedrock.AgentAgent(
    "leak-support-agent",
    agent_name="support-agent",
    agent_resource_role_arn="arn:aws:iam::123456789012:role/bedrock-support-agent",
    foundation_model="global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    instruction="You answer customer questions about their orders using the order tools.",
    idle_session_ttl_in_seconds=600,
)
