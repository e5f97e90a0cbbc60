"""Compliant: Bedrock with the ``eu.`` cross-Region inference profile under zone ``eu``.

AWS pattern: newer models are served on demand only through cross-Region inference profiles; the ``eu.``
profiles (``eu.anthropic.claude-3-7-sonnet-20250219-v1:0``) route requests among EU regions only (Bedrock User
Guide, inference-profiles-support). A team uses the profile id as an agent's ``foundation_model``, copies it
into an application inference profile for cost allocation, and passes it to a Lambda function; the IAM
policy grants the profile and the underlying models.

Why compliant: the ``eu`` geography's destination regions are all in zone ``eu``; the agent, application
profile and function are in eu-central-1. (A ``us.`` or ``global.`` profile would route requests outside the
zone and fail.)
"""

import json

import pulumi
import pulumi_aws as aws

PROFILE_ID = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0"
REGION = "eu-central-1"
ACCOUNT = "123456789012"

role = aws.iam.Role(
    "claims-agent",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.iam.RolePolicy(
    "claims-agent",
    role=role.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            "Resource": [
                f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/{PROFILE_ID}",
                "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0",
            ],
            "Condition": {"StringLike": {"aws:RequestedRegion": ["eu-*"]}},
        }],
    }),
)
aws.bedrock.AgentAgent(
    "claims-agent",
    agent_name="claims-agent",
    agent_resource_role_arn=role.arn,
    foundation_model=PROFILE_ID,
    instruction="You help claims handlers summarise a claim file and list missing documents.",
    idle_session_ttl_in_seconds=900,
)
profile = aws.bedrock.InferenceProfile(
    "claims-team",
    name="claims-team",
    description="Claims team usage of Claude 3.7 Sonnet (EU)",
    model_source={"copy_from": f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/{PROFILE_ID}"},
    tags={"cost-centre": "claims"},
)
function_role = aws.iam.Role(
    "claims-summary",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.lambda_.Function(
    "claims-summary",
    role=function_role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"MODEL_ID": PROFILE_ID, "APP_PROFILE_ARN": profile.arn}},
)
