"""Compliant: a Step Functions workflow calling Lambda functions and DynamoDB in eu-west-3.

AWS pattern: an Amazon States Language definition (a JSON string) built from resource outputs: a Task with a
function ARN as ``Resource``, a Task using the optimised integration
``arn:aws:states:::lambda:invoke`` with ``FunctionName``, a ``dynamodb:putItem`` Task, retries and a Catch;
execution logging to a CloudWatch log group (``<log group ARN>:*``) and X-Ray tracing
(Step Functions Developer Guide, connect-lambda, cw-logs).

Why compliant: the function and table ARNs in the definition name eu-west-3; the service-integration ARNs
(``arn:aws:states:::...``) carry no region, and the log group is in eu-west-3.
"""

import json

import pulumi
import pulumi_aws as aws


def function(name: str) -> aws.lambda_.Function:
    role = aws.iam.Role(
        name,
        assume_role_policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                           "Action": "sts:AssumeRole"}],
        }),
    )
    aws.cloudwatch.LogGroup(name, name=f"/aws/lambda/{name}", retention_in_days=14)
    return aws.lambda_.Function(
        name,
        name=name,
        role=role.arn,
        runtime="python3.12",
        handler="index.handler",
        code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return event\n")}),
    )


validate = function("validate-claim")
score = function("score-claim")
table = aws.dynamodb.Table(
    "claims",
    name="claims",
    billing_mode="PAY_PER_REQUEST",
    hash_key="claimId",
    attributes=[{"name": "claimId", "type": "S"}],
    server_side_encryption={"enabled": True},
)
logs = aws.cloudwatch.LogGroup("claims-workflow", name="/aws/vendedlogs/states/claims", retention_in_days=30)
role = aws.iam.Role(
    "claims-workflow",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
)

definition = pulumi.Output.all(validate.arn, score.arn, table.name).apply(lambda a: json.dumps({
    "Comment": "Claims intake",
    "StartAt": "Validate",
    "States": {
        "Validate": {
            "Type": "Task",
            "Resource": a[0],
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
            "Next": "Score",
        },
        "Score": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": a[1], "Payload.$": "$"},
            "OutputPath": "$.Payload",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Rejected"}],
            "Next": "Store",
        },
        "Store": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": a[2], "Item": {"claimId": {"S.$": "$.claimId"}}},
            "End": True,
        },
        "Rejected": {"Type": "Fail", "Error": "ClaimRejected"},
    },
}))
aws.sfn.StateMachine(
    "claims",
    role_arn=role.arn,
    definition=definition,
    logging_configuration={
        "log_destination": logs.arn.apply(lambda arn: f"{arn}:*"),
        "include_execution_data": False,
        "level": "ERROR",
    },
    tracing_configuration={"enabled": True},
)
