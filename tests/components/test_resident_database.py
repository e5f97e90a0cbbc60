"""ResidentDatabase: Aurora PostgreSQL that is encrypted, private, keyless, logged in the zone, never replicated."""

from __future__ import annotations

import pytest

from residency.components import (
    ComponentArgumentError,
    PinnedProvider,
    ResidentDatabase,
    ResidentKey,
    ResidentNetwork,
)

CLUSTER = "aws:rds/cluster:Cluster"
INSTANCE = "aws:rds/clusterInstance:ClusterInstance"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
CLIENT = "sg-0123456789abcdef0"


def build(network_region: str = "eu-west-3", key_region: str = "eu-west-3", logs: bool = True, **args):
    def program() -> None:
        paris = PinnedProvider("paris", {"region": "eu-west-3"})
        frankfurt = PinnedProvider("frankfurt", {"region": "eu-central-1"})
        providers = {"eu-west-3": paris, "eu-central-1": frankfurt}
        paris_key = ResidentKey("paris", {"provider": paris, "allow_cloudwatch_logs": logs})
        keys = {"eu-west-3": paris_key}
        if "eu-central-1" in (network_region, key_region):
            keys["eu-central-1"] = ResidentKey("frankfurt", {"provider": frankfurt, "allow_cloudwatch_logs": True})
        network_key = paris_key if network_region == "eu-west-3" else keys[network_region]
        if not logs:
            network_key = ResidentKey("network", {"provider": paris, "allow_cloudwatch_logs": True})
        network = ResidentNetwork("net", {"provider": providers[network_region], "key": network_key})
        ResidentDatabase("orders", {"provider": paris, "key": keys[key_region], "network": network, **args})

    return program


def key_arn(recording) -> str:
    (key,) = [k for k in recording.of_type("aws:kms/key:Key") if k.name == "paris-key"]
    arn: str = key.state["arn"]
    assert arn.startswith("arn:aws:kms:eu-west-3:")
    return arn


def test_storage_and_backups_are_encrypted_with_the_resident_key(program) -> None:
    recording = program(build())
    cluster = recording.one(CLUSTER)
    assert recording.provider_region(cluster) == "eu-west-3"
    assert cluster.inputs["engine"] == "aurora-postgresql"
    assert cluster.inputs["engineMode"] == "provisioned"
    assert cluster.inputs["storageEncrypted"] is True
    assert cluster.inputs["kmsKeyId"] == key_arn(recording)
    assert cluster.inputs["backupRetentionPeriod"] == 7
    assert cluster.inputs["copyTagsToSnapshot"] is True
    assert cluster.inputs["deletionProtection"] is True
    assert cluster.inputs["skipFinalSnapshot"] is False
    assert cluster.inputs["finalSnapshotIdentifier"] == "orders-final"
    assert cluster.inputs["allowMajorVersionUpgrade"] is False
    assert cluster.inputs["tags"] == {"data-class": "customer-content"}


def test_never_leaves_the_zone(program) -> None:
    recording = program(build())
    cluster = recording.one(CLUSTER)
    for absent in (
        "globalClusterIdentifier",
        "replicationSourceIdentifier",
        "sourceRegion",
        "snapshotIdentifier",
        "restoreToPointInTime",
        "s3Import",
        "enableGlobalWriteForwarding",
    ):
        assert absent not in cluster.inputs, absent
    assert cluster.inputs["enableHttpEndpoint"] is False
    for forbidden in (
        "aws:rds/globalCluster:GlobalCluster",
        "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
        "aws:rds/clusterSnapshot:ClusterSnapshot",
        "aws:backup/plan:Plan",
        "aws:secretsmanager/secret:Secret",
    ):
        assert recording.of_type(forbidden) == [], forbidden
    for resource in recording.custom():
        assert recording.provider_region(resource) == "eu-west-3", resource.name


def test_private_instances_in_the_network_private_subnets(program) -> None:
    recording = program(build())
    subnet_group = recording.one("aws:rds/subnetGroup:SubnetGroup")
    private = [f"{s.name}-id" for s in recording.of_type("aws:ec2/subnet:Subnet") if "-private-" in s.name]
    assert subnet_group.inputs["subnetIds"] == private
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["dbSubnetGroupName"] == subnet_group.state["name"]
    instances = recording.of_type(INSTANCE)
    assert [i.name for i in instances] == ["orders-instance-1", "orders-instance-2"]
    for tier, instance in enumerate(instances):
        assert instance.inputs["publiclyAccessible"] is False
        assert instance.inputs["dbSubnetGroupName"] == subnet_group.state["name"]
        assert instance.inputs["clusterIdentifier"] == "orders"
        assert instance.inputs["identifier"] == f"orders-{tier + 1}"
        assert instance.inputs["promotionTier"] == tier
        assert instance.inputs["monitoringInterval"] == 0
        assert instance.inputs["performanceInsightsEnabled"] is True
        assert instance.inputs["performanceInsightsKmsKeyId"] == key_arn(recording)
        assert instance.inputs["performanceInsightsRetentionPeriod"] == 7


def test_security_group_admits_postgresql_from_clients_only(program) -> None:
    recording = program(build(client_security_group_ids=[CLIENT]))
    group = recording.one("aws:ec2/securityGroup:SecurityGroup", "orders-security-group")
    assert group.inputs["vpcId"] == "net-vpc-id"
    assert "ingress" not in group.inputs
    assert "egress" not in group.inputs
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["vpcSecurityGroupIds"] == ["orders-security-group-id"]
    assert cluster.inputs["port"] == 5432
    rules = [r for r in recording.of_type(INGRESS) if r.inputs["securityGroupId"] == "orders-security-group-id"]
    assert len(rules) == 1
    (rule,) = rules
    assert rule.inputs["referencedSecurityGroupId"] == CLIENT
    assert (rule.inputs["ipProtocol"], rule.inputs["fromPort"], rule.inputs["toPort"]) == ("tcp", 5432, 5432)
    assert "cidrIpv4" not in rule.inputs
    assert recording.of_type("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") == []


def test_no_clients_means_no_ingress(program) -> None:
    recording = program(build())
    assert [r for r in recording.of_type(INGRESS) if r.name.startswith("orders-")] == []


def test_keyless_access_and_a_managed_master_secret(program) -> None:
    recording = program(build())
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["iamDatabaseAuthenticationEnabled"] is True
    assert cluster.inputs["manageMasterUserPassword"] is True
    assert cluster.inputs["masterUserSecretKmsKeyId"] == key_arn(recording)
    assert "masterPassword" not in cluster.inputs
    assert "masterPasswordWo" not in cluster.inputs
    assert cluster.inputs["masterUsername"] == "dbadmin"
    outputs = recording.one("residency:components:ResidentDatabase").outputs
    assert outputs["master_user_secret_arn"].startswith("arn:aws:secretsmanager:eu-west-3:123456789012:secret:rds!")


def test_tls_is_required(program) -> None:
    recording = program(build(engine_version="15.10"))
    parameters = recording.one("aws:rds/clusterParameterGroup:ClusterParameterGroup")
    assert parameters.inputs["family"] == "aurora-postgresql15"
    assert parameters.inputs["parameters"] == [{"name": "rds.force_ssl", "value": "1"}]
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["dbClusterParameterGroupName"] == parameters.state["name"]
    assert cluster.inputs["engineVersion"] == "15.10"


def test_logs_go_to_an_encrypted_bounded_group_created_first(program) -> None:
    recording = program(build(log_retention_days=30))
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["enabledCloudwatchLogsExports"] == ["postgresql"]
    log_group = recording.one(LOG_GROUP, "orders-postgresql-logs")
    assert log_group.inputs["name"] == "/aws/rds/cluster/orders/postgresql"
    assert log_group.inputs["retentionInDays"] == 30
    assert log_group.inputs["kmsKeyId"] == key_arn(recording)
    assert log_group.urn in cluster.dependencies


def test_serverless_v2_by_default(program) -> None:
    recording = program(build(serverless_min_capacity=1, serverless_max_capacity=8.5))
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["serverlessv2ScalingConfiguration"] == {"minCapacity": 1.0, "maxCapacity": 8.5}
    assert {i.inputs["instanceClass"] for i in recording.of_type(INSTANCE)} == {"db.serverless"}


def test_provisioned_instances(program) -> None:
    recording = program(build(instance_class="db.r7g.large", instances=3, identifier="orders-main"))
    cluster = recording.one(CLUSTER)
    assert "serverlessv2ScalingConfiguration" not in cluster.inputs
    assert cluster.inputs["clusterIdentifier"] == "orders-main"
    instances = recording.of_type(INSTANCE)
    assert [i.inputs["instanceClass"] for i in instances] == ["db.r7g.large"] * 3
    assert [i.inputs["identifier"] for i in instances] == ["orders-main-1", "orders-main-2", "orders-main-3"]


def test_configurable_protection_and_retention(program) -> None:
    recording = program(build(deletion_protection=False, skip_final_snapshot=True, backup_retention_days=35))
    cluster = recording.one(CLUSTER)
    assert cluster.inputs["deletionProtection"] is False
    assert cluster.inputs["skipFinalSnapshot"] is True
    assert "finalSnapshotIdentifier" not in cluster.inputs
    assert cluster.inputs["backupRetentionPeriod"] == 35


def test_outputs(program) -> None:
    recording = program(build(database_name="orders"))
    cluster = recording.one(CLUSTER)
    outputs = recording.one("residency:components:ResidentDatabase").outputs
    assert outputs["cluster_arn"] == cluster.state["arn"]
    assert outputs["cluster_arn"].startswith("arn:aws:rds:eu-west-3:")
    assert outputs["cluster_resource_id"] == cluster.state["clusterResourceId"]
    assert outputs["endpoint"].endswith(".eu-west-3.rds.amazonaws.com")
    assert outputs["reader_endpoint"] == cluster.state["readerEndpoint"]
    assert outputs["security_group_id"] == "orders-security-group-id"
    assert outputs["log_group_name"] == "/aws/rds/cluster/orders/postgresql"
    assert outputs["identifier"] == "orders"
    assert outputs["database_name"] == "orders"
    assert cluster.inputs["databaseName"] == "orders"
    assert outputs["port"] == 5432
    assert outputs["region"] == "eu-west-3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"publicly_accessible": True}, "publicly_accessible: a resident database is never publicly accessible"),
        ({"replica_region": "us-east-1"}, "replica_region: a resident database never leaves the zone"),
        ({"replica_region": "eu-central-1"}, "replica_region: a resident database never leaves the zone"),
        ({"global_cluster_identifier": "orders"}, "global_cluster_identifier: a resident database never leaves"),
        ({"source_region": "us-east-1"}, "source_region: a resident database never leaves the zone"),
        ({"master_password": "hunter2"}, "master_password: the master password is managed by RDS"),
        ({"storage_encrypted": False}, "storage_encrypted: storage and backups are always encrypted"),
        ({"enable_http_endpoint": True}, "enable_http_endpoint: the RDS Data API"),
        ({"backup_retention": 7}, "backup_retention: not an argument of ResidentDatabase; did you mean"),
        ({"key_region": "eu-central-1"}, "key: the key is in 'eu-central-1' but the database is in 'eu-west-3'"),
        ({"logs": False}, "key: the key does not allow CloudWatch Logs to use it"),
        (
            {"network_region": "eu-central-1"},
            "network: the network is in 'eu-central-1' but the database is in 'eu-west-3'",
        ),
        ({"identifier": "Orders"}, "identifier: 'Orders' is not a cluster identifier"),
        ({"identifier": "orders--db"}, "identifier: 'orders--db' is not a cluster identifier"),
        ({"identifier": "orders-"}, "identifier: 'orders-' is not a cluster identifier"),
        ({"engine_version": "12.22"}, "engine_version: '12.22' is not an Aurora PostgreSQL version"),
        ({"engine_version": "latest"}, "engine_version: 'latest' is not an Aurora PostgreSQL version"),
        ({"database_name": "my-db"}, "database_name: 'my-db' is not a PostgreSQL name"),
        ({"master_username": "rdsadmin"}, "master_username: 'rdsadmin' is not a PostgreSQL name"),
        ({"instance_class": "r7g.large"}, "instance_class: 'r7g.large' is not 'db.serverless' or a DB instance"),
        (
            {"instance_class": "db.r7g.large", "serverless_max_capacity": 8},
            "serverless_min_capacity: capacities apply to instance_class 'db.serverless' only",
        ),
        ({"serverless_min_capacity": 0.3}, "serverless_min_capacity: 0.3 is not between 0.5 and 256 ACUs"),
        ({"serverless_max_capacity": 300}, "serverless_max_capacity: 300 is not between 1.0 and 256 ACUs"),
        (
            {"serverless_min_capacity": 8, "serverless_max_capacity": 4},
            "serverless_max_capacity: 4.0 is below serverless_min_capacity 8.0.",
        ),
        ({"instances": 0}, "instances: 0 is not a whole number between 1 and 15."),
        ({"backup_retention_days": 0}, "backup_retention_days: 0 is not a whole number between 1 and 35."),
        ({"backup_retention_days": 36}, "backup_retention_days: 36 is not a whole number between 1 and 35."),
        ({"deletion_protection": "yes"}, "deletion_protection: 'yes' is not True or False."),
        ({"client_security_group_ids": ["0.0.0.0/0"]}, "client_security_group_ids: '0.0.0.0/0' is not a security"),
        ({"client_security_group_ids": [42]}, "client_security_group_ids: 42 is not a security group id."),
        ({"log_retention_days": 0}, "log_retention_days: 0 is not a CloudWatch Logs retention period"),
    ],
)
def test_refusals_before_any_database_resource(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert str(error).startswith("ResidentDatabase 'orders': ")
    assert "\n" not in str(error)
    assert "hunter2" not in str(error)
    assert [r for r in recording.resources if r.type.startswith("aws:rds") or r.name.startswith("orders")] == []


def test_region_outside_the_zone_is_refused_by_the_provider(refused) -> None:
    def program() -> None:
        PinnedProvider("virginia", {"region": "us-east-1"})

    error, recording = refused(program)
    assert "region 'us-east-1' is outside the residency zone 'eu'" in str(error)
    assert recording.resources == []


def test_network_must_be_a_resident_network(refused) -> None:
    def program() -> None:
        paris = PinnedProvider("paris", {"region": "eu-west-3"})
        key = ResidentKey("paris", {"provider": paris, "allow_cloudwatch_logs": True})
        ResidentDatabase("orders", {"provider": paris, "key": key, "network": "vpc-123"})  # type: ignore[typeddict-item]

    error, _ = refused(program)
    assert "ResidentDatabase 'orders': network: pass a ResidentNetwork of the database's region." in str(error)
