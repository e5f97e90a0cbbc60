"""AWS pattern: A WebSocket API authorized by IAM on $connect, its other routes authorized by the connection.

Why compliant: A WebSocket API authorized by IAM on $connect (the only route AWS authorizes), logs of class DELIVERY.
"""

import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role("chat", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))
handler = aws.lambda_.Function(
    "chat",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {}\n")}),
)
# A DELIVERY log group keeps events for one day, fixed by AWS: it takes no retention setting.
aws.cloudwatch.LogGroup("chat-delivery", log_group_class="DELIVERY")

api = aws.apigatewayv2.Api("chat", protocol_type="WEBSOCKET", route_selection_expression="$request.body.action")
integration = aws.apigatewayv2.Integration("chat", api_id=api.id, integration_type="AWS_PROXY",
                                           integration_uri=handler.invoke_arn)
target = pulumi.Output.concat("integrations/", integration.id)
aws.apigatewayv2.Route("connect", api_id=api.id, route_key="$connect", authorization_type="AWS_IAM", target=target)
for key, name in (("$disconnect", "disconnect"), ("$default", "default"), ("sendmessage", "send-message")):
    # AWS authorizes a WebSocket connection once, on $connect; other routes take no authorization.
    aws.apigatewayv2.Route(name, api_id=api.id, route_key=key, authorization_type="NONE", target=target)
aws.apigatewayv2.Stage("chat", api_id=api.id, name="live", auto_deploy=True,
                       default_route_settings={"data_trace_enabled": False, "throttling_burst_limit": 100,
                                               "throttling_rate_limit": 50})
aws.lambda_.Permission("chat-invoke", action="lambda:InvokeFunction", function=handler.name,
                       principal="apigateway.amazonaws.com", source_arn=pulumi.Output.concat(api.execution_arn, "/*"))
