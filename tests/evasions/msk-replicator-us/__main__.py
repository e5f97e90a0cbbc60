"""Evasion: MSK Replicator copies every topic of the EU cluster to a cluster in us-east-1."""

import pulumi
import pulumi_aws as aws

EU_CLUSTER = "arn:aws:kafka:eu-west-3:123456789012:cluster/events/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-1"
US_CLUSTER = "arn:aws:kafka:us-east-1:123456789012:cluster/events-us/5d4c3b2a-1f0e-9d8c-7b6a-5f4e3d2c1b0a-1"

aws.msk.Replicator(
    "leak-events-replicator",
    replicator_name="events-to-us",
    service_execution_role_arn="arn:aws:iam::123456789012:role/msk-replicator",
    kafka_clusters=[
        {"amazon_msk_cluster": {"msk_cluster_arn": EU_CLUSTER},
         "vpc_config": {"subnet_ids": ["subnet-0a1b2c3d"], "security_groups_ids": ["sg-0123456789abcdef0"]}},
        {"amazon_msk_cluster": {"msk_cluster_arn": US_CLUSTER},
         "vpc_config": {"subnet_ids": ["subnet-9f8e7d6c"], "security_groups_ids": ["sg-0fedcba9876543210"]}},
    ],
    replication_info_list={
        "source_kafka_cluster_arn": EU_CLUSTER,
        "target_kafka_cluster_arn": US_CLUSTER,
        "target_compression_type": "NONE",
        "topic_replications": [{"topics_to_replicates": [".*"]}],
        "consumer_group_replications": [{"consumer_groups_to_replicates": [".*"]}],
    },
)
