"""Evasion: the EU GraphQL API resolves customer mutations against a DynamoDB table in us-east-1."""

import pulumi
import pulumi_aws as aws

api = aws.appsync.GraphQLApi(
    "customers-api", name="customers-api", authentication_type="AWS_IAM", visibility="PRIVATE",
)

aws.appsync.DataSource(
    "leak-profiles-source",
    api_id=api.id,
    name="profiles",
    type="AMAZON_DYNAMODB",
    service_role_arn="arn:aws:iam::123456789012:role/appsync-profiles",
    dynamodb_config={"table_name": "profiles", "region": "us-east-1"},
)
