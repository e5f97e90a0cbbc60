"""Compliant: storage and a worker in the AWS European Sovereign Cloud (partition aws-eusc).

AWS pattern: the European Sovereign Cloud is a separate partition (``arn:aws-eusc:...``) with its own DNS
suffix (``amazonaws.eu``) and, at launch, one region, eusc-de-east-1 in Brandenburg. A customer managed key
encrypts a bucket, a table and a queue; a function gets the queue's endpoint URL and the bucket's ARN.

Why compliant: with the pack's zone ``aws-eusc`` every reference must stay in that partition, and each one
does: ARNs in ``arn:aws-eusc``, the SQS endpoint ``sqs.eusc-de-east-1.amazonaws.eu``, and the bucket
defined in this stack.
"""

import json

import pulumi
import pulumi_aws as aws

PARTITION = "aws-eusc"
REGION = "eusc-de-east-1"
ACCOUNT = "123456789012"

key = aws.kms.Key("records", description="Records", enable_key_rotation=True)
bucket = aws.s3.Bucket("records", bucket="acme-records-eusc")
aws.s3.BucketServerSideEncryptionConfiguration(
    "records",
    bucket=bucket.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": key.arn},
            "bucket_key_enabled": True}],
)
aws.s3.BucketPolicy(
    "records",
    bucket=bucket.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [f"arn:{PARTITION}:s3:::acme-records-eusc", f"arn:{PARTITION}:s3:::acme-records-eusc/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }],
    }),
)
table = aws.dynamodb.Table(
    "records",
    billing_mode="PAY_PER_REQUEST",
    hash_key="id",
    attributes=[{"name": "id", "type": "S"}],
    server_side_encryption={"enabled": True, "kms_key_arn": key.arn},
    point_in_time_recovery={"enabled": True},
)
queue = aws.sqs.Queue("ingest", name="ingest", kms_master_key_id=key.arn)

role = aws.iam.Role(
    "ingest",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
    managed_policy_arns=[f"arn:{PARTITION}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
)
aws.cloudwatch.LogGroup("ingest", name="/aws/lambda/ingest", retention_in_days=30)
aws.lambda_.Function(
    "ingest",
    name="ingest",
    role=role.arn,
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {
        "QUEUE_URL": f"https://sqs.{REGION}.amazonaws.eu/{ACCOUNT}/ingest",
        "RECORDS_BUCKET_ARN": f"arn:{PARTITION}:s3:::acme-records-eusc",
        "TABLE_NAME": table.name,
    }},
    kms_key_arn=key.arn,
)

pulumi.export("queue", queue.arn)
