"""Compliant: S3 cross-region replication from Paris to Frankfurt, both buckets in this stack.

AWS pattern: disaster recovery for S3 (S3 User Guide, replication-walkthrough): versioning on both buckets, a
replication role, a BucketReplicationConfig whose destination is the replica bucket's ARN, replication of
SSE-KMS objects with a key in the destination region, and replication time control.

Why compliant: S3 ARNs carry no region, so the destination is resolved to the replica bucket defined here,
created by a provider pinned to eu-central-1, in zone ``eu``; its replica key is in eu-central-1 too.
"""

import json

import pulumi
import pulumi_aws as aws

frankfurt = aws.Provider("frankfurt", region="eu-central-1")

source_key = aws.kms.Key("invoices", description="Invoices (Paris)", enable_key_rotation=True)
replica_key = aws.kms.Key("invoices-replica", description="Invoices (Frankfurt)", enable_key_rotation=True,
                          opts=pulumi.ResourceOptions(provider=frankfurt))

source = aws.s3.Bucket("invoices", bucket="acme-invoices-paris")
replica = aws.s3.Bucket("invoices-replica", bucket="acme-invoices-frankfurt",
                        opts=pulumi.ResourceOptions(provider=frankfurt))
source_versioning = aws.s3.BucketVersioning("invoices", bucket=source.id,
                                            versioning_configuration={"status": "Enabled"})
aws.s3.BucketVersioning("invoices-replica", bucket=replica.id, versioning_configuration={"status": "Enabled"},
                        opts=pulumi.ResourceOptions(provider=frankfurt))
aws.s3.BucketServerSideEncryptionConfiguration(
    "invoices",
    bucket=source.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms",
                                                        "kms_master_key_id": source_key.arn}}],
)
aws.s3.BucketServerSideEncryptionConfiguration(
    "invoices-replica",
    bucket=replica.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms",
                                                        "kms_master_key_id": replica_key.arn}}],
    opts=pulumi.ResourceOptions(provider=frankfurt),
)

role = aws.iam.Role(
    "replication",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)
aws.iam.RolePolicy(
    "replication",
    role=role.id,
    policy=pulumi.Output.all(source.arn, replica.arn, source_key.arn, replica_key.arn).apply(
        lambda a: json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
                 "Resource": a[0]},
                {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl",
                                               "s3:GetObjectVersionTagging"], "Resource": f"{a[0]}/*"},
                {"Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                 "Resource": f"{a[1]}/*"},
                {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": a[2]},
                {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": a[3]},
            ],
        })
    ),
)
aws.s3.BucketReplicationConfig(
    "invoices",
    bucket=source.id,
    role=role.arn,
    rules=[{
        "id": "disaster-recovery",
        "status": "Enabled",
        "filter": {},
        "delete_marker_replication": {"status": "Enabled"},
        "source_selection_criteria": {"sse_kms_encrypted_objects": {"status": "Enabled"}},
        "destination": {
            "bucket": replica.arn,
            "storage_class": "STANDARD_IA",
            "encryption_configuration": {"replica_kms_key_id": replica_key.arn},
            "replication_time": {"status": "Enabled", "time": {"minutes": 15}},
            "metrics": {"status": "Enabled", "event_threshold": {"minutes": 15}},
        },
    }],
    opts=pulumi.ResourceOptions(depends_on=[source_versioning]),
)

pulumi.export("replica", replica.bucket)
