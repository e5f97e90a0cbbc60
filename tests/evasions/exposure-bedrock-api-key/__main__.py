"""Evasion: a Bedrock API key, a long-lived service-specific credential of an IAM user."""

import pulumi_aws as aws

user = aws.iam.User("chatbot")
aws.iam.ServiceSpecificCredential("leak-bedrock-key", service_name="bedrock.amazonaws.com", user_name=user.name,
                                  credential_age_days=365)
