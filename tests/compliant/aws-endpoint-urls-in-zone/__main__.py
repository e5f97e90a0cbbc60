"""Compliant: configuration that names AWS endpoints, buckets and regions, all of eu-west-3.

AWS pattern: services find each other through configuration: environment variables and an SSM parameter
holding a JSON document with service endpoints (``https://sqs.eu-west-3.amazonaws.com/...``, a REST API's
``https://<id>.execute-api.eu-west-3.amazonaws.com/v1``, a Lambda function URL on
``lambda-url.eu-west-3.on.aws``, a virtual-hosted S3 URL), ``s3://`` URIs and a ``"region"`` field.

Why compliant: every endpoint names eu-west-3, every bucket is a bucket of this stack in eu-west-3, and the
region values are eu-west-3 (or eu-central-1 for the disaster-recovery setting), all in zone ``eu``.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"

reports = aws.s3.Bucket("reports", bucket="acme-reports-paris")
exports = aws.s3.Bucket("exports", bucket="acme-exports-paris")
settings = {
    "region": "eu-west-3",
    "drRegion": "eu-central-1",
    "queueUrl": f"https://sqs.eu-west-3.amazonaws.com/{ACCOUNT}/report-requests",
    "pricingApi": "https://a1b2c3d4e5.execute-api.eu-west-3.amazonaws.com/v1",
    "renderer": "https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-3.on.aws/",
    "templates": "https://acme-reports-paris.s3.eu-west-3.amazonaws.com/templates/",
    "output": "s3://acme-exports-paris/reports/",
}
aws.ssm.Parameter("report-settings", name="/reports/settings", type="String", value=json.dumps(settings))

role = aws.iam.Role(
    "report-builder",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.lambda_.Function(
    "report-builder",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {
        "SETTINGS_PARAMETER": "/reports/settings",
        "QUEUE_URL": settings["queueUrl"],
        "OUTPUT_URI": "s3://acme-exports-paris/reports/",
        "TEMPLATES_BUCKET": reports.bucket,
        "STS_ENDPOINT": "https://sts.eu-west-3.amazonaws.com",
    }},
)
