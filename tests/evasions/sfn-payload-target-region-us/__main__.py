"""Evasion: a nightly state machine asks an EU function to replicate the customers table to us-east-1."""

import json

import pulumi
import pulumi_aws as aws

DEFINITION = {
    "Comment": "nightly replication",
    "StartAt": "Replicate",
    "States": {
        "Replicate": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {
                "FunctionName": "arn:aws:lambda:eu-west-3:123456789012:function:table-replicator",
                "Payload": {"table": "customers", "target_region": "us-east-1"},
            },
            "End": True,
        },
    },
}

aws.sfn.StateMachine(
    "leak-nightly-replication",
    name="nightly-replication",
    role_arn="arn:aws:iam::123456789012:role/sfn-nightly",
    definition=json.dumps(DEFINITION),
)
