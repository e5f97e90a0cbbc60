import pulumi
import pulumi_aws as aws
import pulumi_awsx as awsx

repo = awsx.ecr.Repository("app", force_delete=True)
image = awsx.ecr.Image("app", repository_url=repo.url, context="./app", platform="linux/amd64")
role = aws.iam.Role("fn", assume_role_policy=aws.iam.get_policy_document(statements=[{
    "actions": ["sts:AssumeRole"],
    "principals": [{"type": "Service", "identifiers": ["lambda.amazonaws.com"]}],
}]).json)
fn = aws.lambda_.Function("fn", package_type="Image", image_uri=image.image_uri, role=role.arn, timeout=30)
pulumi.export("function", fn.name)
