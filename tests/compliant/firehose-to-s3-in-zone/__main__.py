"""Compliant: application logs shipped by a subscription filter to Firehose and on to an in-zone bucket.

AWS pattern: central log archiving (CloudWatch Logs User Guide, SubscriptionFilters#FirehoseExample): a
subscription filter on a log group sends events to a Firehose delivery stream, which transforms them with a
Lambda function and writes them, compressed and KMS-encrypted, to an S3 bucket under a dated prefix, with
delivery errors logged to CloudWatch Logs.

Why compliant: the log group, filter, delivery stream, transform function, bucket and key are all in
eu-west-3; the bucket ARN (which carries no region) resolves to the bucket of this stack.
"""

import json

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("log-archive", description="Log archive", enable_key_rotation=True)
bucket = aws.s3.Bucket("log-archive", bucket="acme-log-archive-paris")
errors = aws.cloudwatch.LogGroup("firehose-errors", name="/aws/kinesisfirehose/app-logs", retention_in_days=14)
aws.cloudwatch.LogStream("firehose-errors", name="S3Delivery", log_group_name=errors.name)

firehose_role = aws.iam.Role(
    "firehose",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
transform_role = aws.iam.Role(
    "log-transform",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
transform = aws.lambda_.Function(
    "log-transform",
    role=transform_role.arn,
    runtime="python3.12",
    handler="index.handler",
    timeout=60,
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return event\n")}),
)
delivery = aws.kinesis.FirehoseDeliveryStream(
    "app-logs",
    name="app-logs",
    destination="extended_s3",
    server_side_encryption={"enabled": True, "key_type": "CUSTOMER_MANAGED_CMK", "key_arn": key.arn},
    extended_s3_configuration={
        "role_arn": firehose_role.arn,
        "bucket_arn": bucket.arn,
        "prefix": "app-logs/!{timestamp:yyyy/MM/dd}/",
        "error_output_prefix": "errors/!{firehose:error-output-type}/",
        "compression_format": "GZIP",
        "kms_key_arn": key.arn,
        "buffering_interval": 300,
        "cloudwatch_logging_options": {
            "enabled": True,
            "log_group_name": errors.name,
            "log_stream_name": "S3Delivery",
        },
        "processing_configuration": {
            "enabled": True,
            "processors": [{
                "type": "Lambda",
                "parameters": [{"parameter_name": "LambdaArn",
                                "parameter_value": transform.arn.apply(lambda arn: f"{arn}:$LATEST")}],
            }],
        },
    },
)

app_logs = aws.cloudwatch.LogGroup("app", name="/app/api", retention_in_days=7)
logs_role = aws.iam.Role(
    "logs-to-firehose",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "logs.eu-west-3.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.cloudwatch.LogSubscriptionFilter(
    "app-to-archive",
    log_group=app_logs.name,
    filter_pattern="",
    destination_arn=delivery.arn,
    role_arn=logs_role.arn,
)
