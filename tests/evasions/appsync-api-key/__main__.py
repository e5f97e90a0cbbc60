"""Evasion: a GraphQL API whose callers authenticate with a shared API key."""

import pulumi
import pulumi_aws as aws

aws.appsync.GraphQLApi("leak-graph", name="graph", authentication_type="API_KEY")
