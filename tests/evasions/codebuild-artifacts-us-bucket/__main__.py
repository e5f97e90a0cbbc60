"""Evasion: a CodeBuild job that exports the customer database uploads its artifacts to a bucket in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# The finance team's bucket in us-east-1 holds billing exports only (an exempt class), so it may stand there.
finance = aws.s3.Bucket(
    "finance-exports",
    bucket="acme-finance-exports-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

aws.codebuild.Project(
    "leak-db-export",
    name="db-export",
    service_role="arn:aws:iam::123456789012:role/codebuild-db-export",
    source={
        "type": "NO_SOURCE",
        "buildspec": "version: 0.2\nphases:\n  build:\n    commands:\n      - ./export.sh > export.csv\n"
                     "artifacts:\n  files:\n    - export.csv\n",
    },
    environment={
        "compute_type": "BUILD_GENERAL1_SMALL",
        "image": "aws/codebuild/standard:7.0",
        "type": "LINUX_CONTAINER",
    },
    artifacts={"type": "S3", "location": "acme-finance-exports-us", "path": "db-export", "packaging": "ZIP"},
)
