"""Evasion: application logs are streamed to Datadog's US1 site through a Firehose HTTP endpoint."""

import pulumi
import pulumi_aws as aws

backup = aws.s3.Bucket("log-delivery-backup", bucket="acme-log-delivery-backup-eu")

aws.kinesis.FirehoseDeliveryStream(
    "leak-logs-to-datadog",
    name="logs-to-datadog",
    destination="http_endpoint",
    http_endpoint_configuration={
        "name": "Datadog",
        "url": "https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input",
        "access_key": "placeholder",
        "role_arn": "arn:aws:iam::123456789012:role/firehose-datadog",
        "s3_backup_mode": "FailedDataOnly",
        "s3_configuration": {
            "role_arn": "arn:aws:iam::123456789012:role/firehose-datadog",
            "bucket_arn": backup.arn,
        },
        "request_configuration": {"content_encoding": "GZIP"},
    },
)
