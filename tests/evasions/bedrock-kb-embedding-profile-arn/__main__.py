"""Evasion: the embedding model is an inference-profile ARN of eu-west-3 whose id is global.*: chunks may be embedded anywhere."""

import pulumi
import pulumi_aws as aws

aws.bedrock.AgentKnowledgeBase(
    "leak-contracts-kb",
    name="contracts",
    role_arn="arn:aws:iam::123456789012:role/bedrock-kb",
    knowledge_base_configuration={
        "type": "VECTOR",
        "vector_knowledge_base_configuration": {
            "embedding_model_arn": "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/global.cohere.embed-v4:0",
        },
    },
    storage_configuration={
        "type": "OPENSEARCH_SERVERLESS",
        "opensearch_serverless_configuration": {
            "collection_arn": "arn:aws:aoss:eu-west-3:123456789012:collection/k2h7x9q4m1",
            "vector_index_name": "contracts",
            "field_mapping": {"vector_field": "vector", "text_field": "text", "metadata_field": "metadata"},
        },
    },
)
