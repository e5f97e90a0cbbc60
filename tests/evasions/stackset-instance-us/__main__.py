"""Evasion: the data-lake StackSet (a bucket and a table) gets an instance in us-east-1."""

import json

import pulumi
import pulumi_aws as aws

TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Lake": {"Type": "AWS::S3::Bucket", "Properties": {"VersioningConfiguration": {"Status": "Enabled"}}},
    },
}

stack_set = aws.cloudformation.StackSet(
    "data-lake",
    name="data-lake",
    permission_model="SELF_MANAGED",
    administration_role_arn="arn:aws:iam::123456789012:role/AWSCloudFormationStackSetAdministrationRole",
    execution_role_name="AWSCloudFormationStackSetExecutionRole",
    template_body=json.dumps(TEMPLATE),
)

aws.cloudformation.StackSetInstance(
    "leak-data-lake-us",
    stack_set_name=stack_set.name,
    account_id="123456789012",
    stack_set_instance_region="us-east-1",
)
