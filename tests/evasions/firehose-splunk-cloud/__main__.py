"""Evasion: the security team's Kinesis -> Firehose -> Splunk Cloud pipeline ships application logs to Splunk."""

import pulumi
import pulumi_aws as aws

backup = aws.s3.Bucket("splunk-backup", bucket="acme-splunk-backup-eu")
source = aws.kinesis.Stream("app-logs", name="app-logs", stream_mode_details={"stream_mode": "ON_DEMAND"})

aws.kinesis.FirehoseDeliveryStream(
    "leak-logs-to-splunk",
    name="logs-to-splunk",
    destination="splunk",
    kinesis_source_configuration={
        "kinesis_stream_arn": source.arn,
        "role_arn": "arn:aws:iam::123456789012:role/firehose-splunk",
    },
    splunk_configuration={
        "hec_endpoint": "https://http-inputs-acme.splunkcloud.com:443",
        "hec_token": "placeholder",
        "hec_endpoint_type": "Event",
        "s3_backup_mode": "FailedEventsOnly",
        "s3_configuration": {
            "role_arn": "arn:aws:iam::123456789012:role/firehose-splunk",
            "bucket_arn": backup.arn,
        },
    },
)
