"""Evasion: the state machine's logs include execution data: every request's input and output kept at rest."""

import json

import pulumi
import pulumi_aws as aws

logs = aws.cloudwatch.LogGroup("workflow", retention_in_days=30)
role = aws.iam.Role("workflow", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"},
]}))
aws.sfn.StateMachine(
    "leak-workflow",
    role_arn=role.arn,
    definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
    logging_configuration={"level": "ALL", "include_execution_data": True,
                           "log_destination": pulumi.Output.concat(logs.arn, ":*")},
)
