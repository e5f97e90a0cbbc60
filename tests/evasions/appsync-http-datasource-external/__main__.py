"""Evasion: the GraphQL API resolves customer queries through an analytics vendor's HTTP API."""

import pulumi
import pulumi_aws as aws

api = aws.appsync.GraphQLApi(
    "customers-api", name="customers-api", authentication_type="AWS_IAM", visibility="PRIVATE",
)

aws.appsync.DataSource(
    "leak-segment-source",
    api_id=api.id,
    name="segment",
    type="HTTP",
    http_config={"endpoint": "https://api.segment.io"},
)
