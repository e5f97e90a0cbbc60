"""Evasion: a Lambda function URL with no authorization: callable from every country."""

import pulumi
import pulumi_aws as aws

aws.lambda_.FunctionUrl("leak-hook-url", function_name="webhook", authorization_type="NONE")
