"""Evasion: a DataSync task copies the shared file system to a location in us-east-1."""

import pulumi
import pulumi_aws as aws

source = aws.datasync.EfsLocation(
    "shared-efs",
    efs_file_system_arn="arn:aws:elasticfilesystem:eu-west-3:123456789012:file-system/fs-0a1b2c3d4e5f67890",
    ec2_config={
        "security_group_arns": ["arn:aws:ec2:eu-west-3:123456789012:security-group/sg-0123456789abcdef0"],
        "subnet_arn": "arn:aws:ec2:eu-west-3:123456789012:subnet/subnet-0a1b2c3d",
    },
)

aws.datasync.Task(
    "leak-shared-to-us",
    name="shared-to-us",
    source_location_arn=source.arn,
    destination_location_arn="arn:aws:datasync:us-east-1:123456789012:location/loc-0f1e2d3c4b5a69788",
    schedule={"schedule_expression": "rate(1 day)"},
)
