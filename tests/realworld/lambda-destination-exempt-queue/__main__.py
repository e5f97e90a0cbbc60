import json
import pulumi
import pulumi_aws as aws

role = aws.iam.Role("fn", assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]}))
failures = aws.sqs.Queue("failures", region="us-east-1", tags={"data-class": "service-metadata"})
fn = aws.lambda_.Function("ingest", runtime="python3.12", handler="index.handler", role=role.arn,
                          code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(e, c):\n    return e\n")}))
aws.lambda_.FunctionEventInvokeConfig("ingest", function_name=fn.name,
    destination_config=aws.lambda_.FunctionEventInvokeConfigDestinationConfigArgs(
        on_failure=aws.lambda_.FunctionEventInvokeConfigDestinationConfigOnFailureArgs(destination=failures.arn)))
