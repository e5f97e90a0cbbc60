"""Evasion: an OpenSearch domain with a public endpoint (no VPC) and an access policy that admits everyone."""

import json

import pulumi_aws as aws

aws.opensearch.Domain(
    "leak-search",
    engine_version="OpenSearch_2.13",
    cluster_config={"instance_type": "t3.small.search", "instance_count": 1},
    ebs_options={"ebs_enabled": True, "volume_size": 10},
    encrypt_at_rest={"enabled": True},
    node_to_node_encryption={"enabled": True},
    domain_endpoint_options={"enforce_https": True},
    access_policies=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "es:ESHttp*", "Resource": "*"},
    ]}),
)
