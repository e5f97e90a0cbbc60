"""Compliant: a Lambda function that sets the AWS SDK's regional-endpoint settings in its environment.

AWS pattern: the AWS SDKs and tools reference guide documents ``AWS_STS_REGIONAL_ENDPOINTS`` (``regional`` or
``legacy``) and ``AWS_S3_US_EAST_1_REGIONAL_ENDPOINT``; teams set ``regional`` precisely so that STS and S3
calls stay on the endpoint of the function's own region instead of the global (us-east-1) endpoint
(docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html).

Why compliant: the function, its role and its log group are in eu-west-3, and the settings name no region at
all: ``regional`` tells the SDK to use the endpoint of the region it runs in.
"""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "reporter",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.cloudwatch.LogGroup("reporter", name="/aws/lambda/reporter", retention_in_days=14)
aws.lambda_.Function(
    "reporter",
    name="reporter",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {
        "AWS_STS_REGIONAL_ENDPOINTS": "regional",
        "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "regional",
    }},
)
