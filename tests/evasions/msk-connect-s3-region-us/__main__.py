"""Evasion: a Kafka Connect S3 sink copies every order event to a bucket in us-east-1 (s3.region)."""

import pulumi
import pulumi_aws as aws

aws.mskconnect.Connector(
    "leak-orders-s3-sink",
    name="orders-s3-sink",
    kafkaconnect_version="2.7.1",
    capacity={"provisioned_capacity": {"mcu_count": 1, "worker_count": 1}},
    connector_configuration={
        "connector.class": "io.confluent.connect.s3.S3SinkConnector",
        "tasks.max": "1",
        "topics": "orders",
        "s3.region": "us-east-1",
        "s3.bucket.name": "acme-orders-archive",
        "flush.size": "1000",
        "storage.class": "io.confluent.connect.s3.storage.S3Storage",
        "format.class": "io.confluent.connect.s3.format.json.JsonFormat",
    },
    kafka_cluster={"apache_kafka_cluster": {
        "bootstrap_servers": "b-1.events.x1y2z3.c3.kafka.eu-west-3.amazonaws.com:9098",
        "vpc": {"security_groups": ["sg-0123456789abcdef0"], "subnets": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]},
    }},
    kafka_cluster_client_authentication={"authentication_type": "IAM"},
    kafka_cluster_encryption_in_transit={"encryption_type": "TLS"},
    plugins=[{"custom_plugin": {
        "arn": "arn:aws:kafkaconnect:eu-west-3:123456789012:custom-plugin/confluent-s3/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-1",
        "revision": 1,
    }}],
    service_execution_role_arn="arn:aws:iam::123456789012:role/msk-connect",
)
