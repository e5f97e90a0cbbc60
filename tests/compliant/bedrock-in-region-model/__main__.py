"""Compliant: Amazon Bedrock in eu-west-3 with plain (in-Region) model ids.

AWS pattern: a Bedrock agent whose ``foundation_model`` is a base model id, a guardrail, a Lambda function
that calls ``InvokeModel`` with the model id from its environment and an IAM policy on the foundation
model's ARN, and model invocation logging of metadata (no prompt or response bodies) to S3 and CloudWatch Logs
(Bedrock User Guide, agents-create, model-invocation-logging).

Why compliant: a plain model id (``anthropic.claude-3-haiku-20240307-v1:0``, no geography prefix) is served
in the region the call is made in, eu-west-3; the agent, guardrail, function and logging destinations are in
eu-west-3, and the IAM policy is a grant.
"""

import json

import pulumi
import pulumi_aws as aws

MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"
REGION = "eu-west-3"
ACCOUNT = "123456789012"

key = aws.kms.Key("assistant", description="Assistant", enable_key_rotation=True)
agent_role = aws.iam.Role(
    "assistant-agent",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
                       "Action": "sts:AssumeRole",
                       "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}],
    }),
)
aws.iam.RolePolicy(
    "assistant-agent",
    role=agent_role.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "bedrock:InvokeModel",
                       "Resource": f"arn:aws:bedrock:{REGION}::foundation-model/{MODEL_ID}"}],
    }),
)
guardrail = aws.bedrock.Guardrail(
    "assistant",
    name="assistant",
    blocked_input_messaging="Sorry, I cannot help with that.",
    blocked_outputs_messaging="Sorry, I cannot answer that.",
    kms_key_arn=key.arn,
    sensitive_information_policy_config={
        "pii_entities_configs": [{"type": "EMAIL", "action": "ANONYMIZE"}],
    },
)
aws.bedrock.AgentAgent(
    "assistant",
    agent_name="assistant",
    agent_resource_role_arn=agent_role.arn,
    foundation_model=MODEL_ID,
    instruction="You answer questions about the customer's orders using the tools you are given.",
    customer_encryption_key_arn=key.arn,
    idle_session_ttl_in_seconds=600,
    guardrail_configurations=[{"guardrail_identifier": guardrail.guardrail_id,
                               "guardrail_version": "DRAFT"}],
)

function_role = aws.iam.Role(
    "summariser",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.lambda_.Function(
    "summariser",
    role=function_role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"MODEL_ID": MODEL_ID, "GUARDRAIL_ID": guardrail.guardrail_id}},
)

bucket = aws.s3.Bucket("invocation-logs", bucket="acme-bedrock-invocation-logs-paris")
log_group = aws.cloudwatch.LogGroup("invocation-logs", name="/bedrock/invocations", retention_in_days=30,
                                    kms_key_id=key.arn)
logging_role = aws.iam.Role(
    "bedrock-logging",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.bedrockmodel.InvocationLoggingConfiguration(
    "invocations",
    logging_config={
        # Metadata only: prompts and responses are request data, never kept at rest.
        "text_data_delivery_enabled": False,
        "image_data_delivery_enabled": False,
        "video_data_delivery_enabled": False,
        "embedding_data_delivery_enabled": False,
        "s3_config": {"bucket_name": bucket.id, "key_prefix": "bedrock"},
        "cloudwatch_config": {"log_group_name": log_group.name, "role_arn": logging_role.arn},
    },
)
