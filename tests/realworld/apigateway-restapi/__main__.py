import json
import pulumi
import pulumi_aws as aws
import pulumi_aws_apigateway as apigateway

role = aws.iam.Role("handler", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}],
}))
handler = aws.lambda_.Function("handler", runtime="python3.12", handler="handler.handler", role=role.arn,
                               code=pulumi.AssetArchive({"handler.py": pulumi.StringAsset("def handler(e, c):\n    return {'statusCode': 200}\n")}))
api = apigateway.RestAPI("api", routes=[apigateway.RouteArgs(path="/", method=apigateway.Method.GET, event_handler=handler)])
pulumi.export("url", api.url)
