"""Compliant: one in-region customer managed key referenced by ARN, id and alias across services.

AWS pattern: a data key per workload (KMS Developer Guide, key-policies) with a key policy that admits the
regional CloudWatch Logs principal (``logs.eu-west-3.amazonaws.com``) with an encryption-context condition
naming eu-west-3 log groups; an alias; a grant for an application role; and the key referenced as
``kms_key_id``/``kms_master_key_id``/``kms_key_arn`` by S3, SQS, SNS, DynamoDB, EBS, RDS, Secrets Manager,
SSM parameters and CloudWatch Logs.

Why compliant: every key reference is the eu-west-3 key (its ARN, its id or its alias); the key policy and
the grant are grants.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"

key = aws.kms.Key(
    "workload",
    description="Workload data",
    enable_key_rotation=True,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "Logs", "Effect": "Allow", "Principal": {"Service": "logs.eu-west-3.amazonaws.com"},
             "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
             "Resource": "*",
             "Condition": {"ArnLike": {
                 "kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:eu-west-3:{ACCOUNT}:log-group:*"}}},
        ],
    }),
)
alias = aws.kms.Alias("workload", name="alias/workload", target_key_id=key.key_id)
aws.kms.Grant(
    "app",
    key_id=key.key_id,
    grantee_principal=f"arn:aws:iam::{ACCOUNT}:role/app",
    operations=["Encrypt", "Decrypt", "GenerateDataKey"],
)

bucket = aws.s3.Bucket("workload", bucket="acme-workload-paris")
aws.s3.BucketServerSideEncryptionConfiguration(
    "workload",
    bucket=bucket.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": key.arn},
            "bucket_key_enabled": True}],
)
aws.sqs.Queue("workload", kms_master_key_id=alias.name)
aws.sns.Topic("workload", kms_master_key_id=key.key_id)
aws.dynamodb.Table(
    "workload",
    billing_mode="PAY_PER_REQUEST",
    hash_key="pk",
    attributes=[{"name": "pk", "type": "S"}],
    server_side_encryption={"enabled": True, "kms_key_arn": key.arn},
)
aws.ebs.Volume("workload", availability_zone="eu-west-3a", size=50, type="gp3", encrypted=True,
               kms_key_id=key.arn)
aws.ebs.EncryptionByDefault("default", enabled=True)
aws.ebs.DefaultKmsKey("default", key_arn=key.arn)
aws.rds.Instance(
    "workload",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.t4g.medium",
    allocated_storage=20,
    username="app",
    manage_master_user_password=True,
    master_user_secret_kms_key_id=key.key_id,
    storage_encrypted=True,
    kms_key_id=key.arn,
    skip_final_snapshot=True,
)
aws.secretsmanager.Secret("workload", name="workload/api-token", kms_key_id=key.arn)
aws.ssm.Parameter("workload", name="/workload/config", type="SecureString", key_id=key.key_id,
                  value=pulumi.Output.secret('{"feature": true}'))
aws.cloudwatch.LogGroup("workload", name="/workload/app", retention_in_days=30, kms_key_id=key.arn)
