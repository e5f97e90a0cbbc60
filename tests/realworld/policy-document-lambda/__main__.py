import pulumi
import pulumi_aws as aws

assume = aws.iam.get_policy_document(statements=[aws.iam.GetPolicyDocumentStatementArgs(
    actions=["sts:AssumeRole"],
    principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="Service", identifiers=["lambda.amazonaws.com"])],
)])
role = aws.iam.Role("worker", assume_role_policy=assume.json)
aws.iam.RolePolicyAttachment("logs", role=role.name,
                             policy_arn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
fn = aws.lambda_.Function("worker", runtime="python3.12", handler="index.handler", role=role.arn,
                          code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(e, c):\n    return e\n")}),
                          tags={"data-class": "customer-content"})
pulumi.export("policy", assume.json)
