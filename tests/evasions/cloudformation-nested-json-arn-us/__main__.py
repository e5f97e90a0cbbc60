"""Evasion: JSON inside JSON: a template's state machine definition string invokes a function ARN of us-east-1."""

import json

import pulumi
import pulumi_aws as aws

DEFINITION = json.dumps({
    "StartAt": "Score",
    "States": {"Score": {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {
            "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:risk-scorer",
            "Payload.$": "$",
        },
        "End": True,
    }},
})

TEMPLATE = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {"Scoring": {
        "Type": "AWS::StepFunctions::StateMachine",
        "Properties": {
            "RoleArn": "arn:aws:iam::123456789012:role/sfn-scoring",
            "DefinitionString": DEFINITION,
        },
    }},
}

aws.cloudformation.Stack("leak-scoring-stack", name="scoring", template_body=json.dumps(TEMPLATE))
