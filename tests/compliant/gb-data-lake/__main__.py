"""Compliant: a UK data lake in London (eu-west-2): S3, Glue and Athena under zone ``gb``.

AWS pattern: raw and curated S3 buckets with server access logging to a log bucket, a Glue database and
crawler whose targets are ``s3://`` paths, and an Athena workgroup that writes query results to an
``s3://`` location, encrypted with a KMS key (Athena User Guide, workgroups-settings).

Why compliant: the buckets are defined in this stack in eu-west-2, so every ``s3://`` URI and bucket name
resolves to a bucket of zone ``gb``; Glue and Athena run in eu-west-2 too.
"""

import json

import pulumi
import pulumi_aws as aws

london = aws.Provider("london", region="eu-west-2")
opts = pulumi.ResourceOptions(provider=london)

key = aws.kms.Key("lake", description="Data lake", enable_key_rotation=True, opts=opts)
logs = aws.s3.Bucket("lake-logs", bucket="acme-lake-logs-london", opts=opts)
raw = aws.s3.Bucket("lake-raw", bucket="acme-lake-raw-london", opts=opts)
results = aws.s3.Bucket("athena-results", bucket="acme-athena-results-london", opts=opts)
for name, bucket in (("lake-raw", raw), ("athena-results", results)):
    aws.s3.BucketServerSideEncryptionConfiguration(
        name,
        bucket=bucket.id,
        rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms",
                                                            "kms_master_key_id": key.arn}}],
        opts=opts,
    )
    aws.s3.BucketLogging(name, bucket=bucket.id, target_bucket=logs.id, target_prefix=f"{name}/", opts=opts)

role = aws.iam.Role(
    "crawler",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
    opts=opts,
)
database = aws.glue.CatalogDatabase(
    "lake",
    name="lake",
    location_uri="s3://acme-lake-raw-london/",
    opts=opts,
)
aws.glue.Crawler(
    "raw-events",
    database_name=database.name,
    role=role.arn,
    s3_targets=[{"path": "s3://acme-lake-raw-london/events/"}],
    schedule="cron(0 3 * * ? *)",
    opts=opts,
)
aws.athena.Workgroup(
    "analysts",
    name="analysts",
    configuration={
        "enforce_workgroup_configuration": True,
        "result_configuration": {
            "output_location": "s3://acme-athena-results-london/analysts/",
            "encryption_configuration": {"encryption_option": "SSE_KMS", "kms_key_arn": key.arn},
        },
    },
    opts=opts,
)

pulumi.export("raw_bucket", raw.bucket)
