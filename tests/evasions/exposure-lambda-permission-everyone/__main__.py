"""Evasion: the function URL looks IAM-only, but a permission for principal "*" lets every AWS account call it."""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role("hook", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
]}))
handler = aws.lambda_.Function("hook", runtime="python3.12", handler="index.handler", role=role.arn,
                               code=pulumi.AssetArchive({"index.py": pulumi.StringAsset(
                                   "def handler(event, context):\n    return {}\n")}))
aws.lambda_.FunctionUrl("hook", function_name=handler.name, authorization_type="AWS_IAM")
aws.lambda_.Permission("leak-permission", action="lambda:InvokeFunctionUrl", function=handler.name, principal="*",
                       function_url_auth_type="AWS_IAM")
