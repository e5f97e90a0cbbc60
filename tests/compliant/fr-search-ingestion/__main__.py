"""Compliant: search ingestion in Paris under zone ``fr``: Firehose to a VPC OpenSearch domain.

AWS pattern: a Firehose delivery stream writes documents to an OpenSearch Service domain in a VPC (Firehose
Developer Guide, destination-opensearch), backing up failed documents to S3; the domain encrypts at rest
with a customer managed key, enforces HTTPS and node-to-node encryption, and publishes its slow and error
logs to CloudWatch Logs log groups (with a resource policy for es.amazonaws.com).

Why compliant: the domain, stream, backup bucket, key and log groups are in eu-west-3, the only region of
zone ``fr``; the domain ARN and log group ARNs name eu-west-3, the bucket ARN resolves to this stack's
bucket.
"""

import json

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("search", description="Search", enable_key_rotation=True)
slow_logs = aws.cloudwatch.LogGroup("search-slow", name="/aws/opensearch/catalogue/slow", retention_in_days=14)
error_logs = aws.cloudwatch.LogGroup("search-errors", name="/aws/opensearch/catalogue/errors",
                                     retention_in_days=30)
aws.cloudwatch.LogResourcePolicy(
    "opensearch-logs",
    policy_name="opensearch-logs",
    policy_document=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"},
                       "Action": ["logs:PutLogEvents", "logs:CreateLogStream"],
                       "Resource": "arn:aws:logs:eu-west-3:123456789012:log-group:/aws/opensearch/*"}],
    }),
)
domain = aws.opensearch.Domain(
    "catalogue",
    domain_name="catalogue",
    engine_version="OpenSearch_2.17",
    cluster_config={"instance_type": "r7g.large.search", "instance_count": 3,
                    "zone_awareness_enabled": True, "zone_awareness_config": {"availability_zone_count": 3}},
    ebs_options={"ebs_enabled": True, "volume_type": "gp3", "volume_size": 100},
    encrypt_at_rest={"enabled": True, "kms_key_id": key.arn},
    node_to_node_encryption={"enabled": True},
    domain_endpoint_options={"enforce_https": True, "tls_security_policy": "Policy-Min-TLS-1-2-2019-07"},
    vpc_options={"subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788", "subnet-0123456789abcdef0"],
                 "security_group_ids": ["sg-0123456789abcdef0"]},
    log_publishing_options=[
        {"log_type": "SEARCH_SLOW_LOGS", "cloudwatch_log_group_arn": slow_logs.arn},
        {"log_type": "ES_APPLICATION_LOGS", "cloudwatch_log_group_arn": error_logs.arn},
    ],
)
backup = aws.s3.Bucket("search-backup", bucket="acme-search-backup-paris")
role = aws.iam.Role(
    "search-firehose",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)
aws.kinesis.FirehoseDeliveryStream(
    "catalogue-ingest",
    name="catalogue-ingest",
    destination="opensearch",
    opensearch_configuration={
        "domain_arn": domain.arn,
        "role_arn": role.arn,
        "index_name": "products",
        "index_rotation_period": "OneMonth",
        "s3_backup_mode": "FailedDocumentsOnly",
        "s3_configuration": {"role_arn": role.arn, "bucket_arn": backup.arn, "kms_key_arn": key.arn},
        "vpc_config": {
            "role_arn": role.arn,
            "subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
            "security_group_ids": ["sg-0123456789abcdef0"],
        },
    },
)
