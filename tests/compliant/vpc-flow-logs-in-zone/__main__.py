"""Compliant: VPC flow logs delivered to an S3 bucket and a log group in eu-west-3.

AWS pattern: flow logs published to S3 (``log_destination`` is the bucket ARN with a prefix, Parquet with
hourly partitions) for Athena, and to CloudWatch Logs with an IAM role for near-real-time alarms (VPC User
Guide, flow-logs-s3, flow-logs-cwl).

Why compliant: the VPC, bucket and log group are in eu-west-3; the bucket ARN (no region) resolves to the
bucket of this stack, the log group ARN names eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.Vpc("workloads", cidr_block="10.30.0.0/16")
bucket = aws.s3.Bucket("flow-logs", bucket="acme-flow-logs-paris")
aws.s3.BucketLifecycleConfiguration(
    "flow-logs",
    bucket=bucket.id,
    rules=[{"id": "expire", "status": "Enabled", "filter": {}, "expiration": {"days": 90}}],
)
aws.ec2.FlowLog(
    "workloads-s3",
    vpc_id=vpc.id,
    traffic_type="ALL",
    log_destination_type="s3",
    log_destination=bucket.arn.apply(lambda arn: f"{arn}/vpc/"),
    destination_options={"file_format": "parquet", "per_hour_partition": True, "hive_compatible_partitions": True},
    max_aggregation_interval=60,
)
group = aws.cloudwatch.LogGroup("flow-logs", name="/vpc/workloads/flow-logs", retention_in_days=14)
role = aws.iam.Role(
    "flow-logs",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.ec2.FlowLog(
    "workloads-cwl",
    vpc_id=vpc.id,
    traffic_type="REJECT",
    log_destination_type="cloud-watch-logs",
    log_destination=group.arn,
    iam_role_arn=role.arn,
)
