"""Compliant: observability data sent to Datadog's EU site, a listed external destination.

AWS pattern: Datadog's documented Firehose integration (an HTTP endpoint destination
``https://aws-kinesis-http-intake.logs.datadoghq.eu/api/v2/logs?...``, with failed records backed up to S3)
fed by a log subscription filter, and a Lambda function instrumented with the Datadog extension
(``DD_SITE=datadoghq.eu``, the API key taken from a Secrets Manager secret by ARN).

Why compliant: the pack configuration lists ``*.datadoghq.eu`` as an external destination in Germany (DE),
inside zone ``eu``; the Firehose stream, backup bucket, secret, function and log groups are in eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"

api_key = aws.secretsmanager.Secret("datadog-api-key", name="observability/datadog-api-key")
backup = aws.s3.Bucket("datadog-backup", bucket="acme-datadog-backup-paris")
firehose_role = aws.iam.Role(
    "datadog-firehose",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
stream = aws.kinesis.FirehoseDeliveryStream(
    "datadog-logs",
    name="datadog-logs",
    destination="http_endpoint",
    http_endpoint_configuration={
        "name": "Datadog",
        "url": "https://aws-kinesis-http-intake.logs.datadoghq.eu/api/v2/logs?dd-protocol=aws-kinesis-firehose",
        "access_key": "{{resolve:secretsmanager:observability/datadog-api-key}}",
        "role_arn": firehose_role.arn,
        "buffering_size": 4,
        "buffering_interval": 60,
        "s3_backup_mode": "FailedDataOnly",
        "s3_configuration": {"role_arn": firehose_role.arn, "bucket_arn": backup.arn, "compression_format": "GZIP"},
        "request_configuration": {"content_encoding": "GZIP"},
    },
)
app_logs = aws.cloudwatch.LogGroup("checkout", name="/app/checkout", retention_in_days=7)
logs_role = aws.iam.Role(
    "logs-to-datadog",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.cloudwatch.LogSubscriptionFilter(
    "checkout-to-datadog",
    log_group=app_logs.name,
    filter_pattern="",
    destination_arn=stream.arn,
    role_arn=logs_role.arn,
)

function_role = aws.iam.Role(
    "checkout",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.lambda_.Function(
    "checkout",
    role=function_role.arn,
    runtime="python3.12",
    handler="datadog_lambda.handler.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    layers=["arn:aws:lambda:eu-west-3:464622532012:layer:Datadog-Extension-ARM:65"],
    environment={"variables": {
        "DD_SITE": "datadoghq.eu",
        "DD_API_KEY_SECRET_ARN": api_key.arn,
        "DD_LOGS_CONFIG_LOGS_DD_URL": "https://http-intake.logs.datadoghq.eu",
        "DD_LAMBDA_HANDLER": "index.handler",
    }},
)
