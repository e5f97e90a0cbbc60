"""Evasion: search documents are indexed into a US OpenSearch domain named by its bare host name."""

import pulumi
import pulumi_aws as aws

aws.lambda_.Function(
    "leak-search-indexer",
    role="arn:aws:iam::123456789012:role/search-indexer",
    runtime="python3.12",
    handler="index.handler",
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return None\n")}),
    environment={"variables": {"OPENSEARCH_HOST": "search-catalog-4xkq2rxbn7j3y5.us-east-1.es.amazonaws.com"}},
)
