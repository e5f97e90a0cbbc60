"""Evasion: the checkout workflow creates the customer at the payment provider with an HTTP task."""

import json

import pulumi
import pulumi_aws as aws

DEFINITION = {
    "StartAt": "CreateCustomer",
    "States": {
        "CreateCustomer": {
            "Type": "Task",
            "Resource": "arn:aws:states:::http:invoke",
            "Parameters": {
                "ApiEndpoint": "https://api.stripe.com/v1/customers",
                "Method": "POST",
                "Authentication": {
                    "ConnectionArn": "arn:aws:events:eu-west-3:123456789012:connection/payments/0a1b2c3d",
                },
                "RequestBody.$": "$.customer",
            },
            "End": True,
        },
    },
}

aws.sfn.StateMachine(
    "leak-checkout-workflow",
    name="checkout",
    role_arn="arn:aws:iam::123456789012:role/sfn-checkout",
    definition=json.dumps(DEFINITION),
)
