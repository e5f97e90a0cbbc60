"""Evasion: a raw CloudFormation template, deployed from Pulumi, adds a us-east-1 replica the program never shows."""

import json

import pulumi
import pulumi_aws as aws

TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Sessions": {
            "Type": "AWS::DynamoDB::GlobalTable",
            "Properties": {
                "TableName": "sessions",
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
                "Replicas": [{"Region": "eu-west-3"}, {"Region": "us-east-1"}],
            },
        },
    },
}

aws.cloudformation.Stack("leak-sessions-stack", name="sessions", template_body=json.dumps(TEMPLATE))
