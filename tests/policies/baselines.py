"""Compliant baseline inputs per resource type, and helpers to vary them, for the policy tests."""

from __future__ import annotations

import copy
from typing import Any

from residency import catalog as c

ACCOUNT = "123456789012"

#: The zone label every default-config message names.
EU = "zone 'eu' (eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3, eusc-de-east-1)"


def arn(service: str, region: str, resource: str, partition: str = "aws") -> str:
    """An ARN with the test account."""
    return f"arn:{partition}:{service}:{region}:{ACCOUNT}:{resource}"


#: Compliant inputs per resource type (with the default provider in eu-west-3 and the default config).
BASELINES: dict[str, dict[str, Any]] = {
    c.S3_BUCKET: {"bucket": "data-eu", "tags": {"team": "a"}},
    c.LOG_GROUP: {"name": "lg", "retentionInDays": 7},
    c.LAMBDA_FUNCTION: {
        "role": f"arn:aws:iam::{ACCOUNT}:role/fn",
        "deadLetterConfig": {"targetArn": arn("sqs", "eu-west-3", "dlq")},
        "kmsKeyArn": arn("kms", "eu-west-3", "key/k"),
        "environment": {"variables": {"QUEUE": arn("sqs", "eu-west-1", "q")}},
    },
    c.DYNAMODB_TABLE: {"name": "t", "replicas": [{"regionName": "eu-central-1"}]},
    c.DYNAMODB_GLOBAL_TABLE: {"name": "t", "replicas": [{"regionName": "eu-west-1"}]},
    c.SECRETSMANAGER_SECRET: {"name": "s", "replicas": [{"region": "eu-west-1"}]},
    c.ECR_REPLICATION: {
        "replicationConfiguration": {
            "rules": [{"destinations": [{"region": "eu-central-1", "registryId": ACCOUNT}]}]
        }
    },
    c.KMS_KEY: {"multiRegion": False, "description": "k"},
    c.KMS_REPLICA_KEY: {"primaryKeyArn": arn("kms", "eu-west-1", "key/mrk-1")},
    c.RDS_INSTANCE: {"replicateSourceDb": arn("rds", "eu-west-1", "db:src"), "instanceClass": "db.t3.micro"},
    c.RDS_CLUSTER: {"replicationSourceIdentifier": arn("rds", "eu-central-1", "cluster:src")},
    c.BACKUP_PLAN: {
        "name": "p",
        "rules": [
            {
                "ruleName": "r",
                "copyActions": [{"destinationVaultArn": arn("backup", "eu-central-1", "backup-vault:v")}],
            }
        ],
    },
    c.LOG_SUBSCRIPTION_FILTER: {"logGroup": "lg", "destinationArn": arn("kinesis", "eu-west-3", "stream/s")},
    c.FIREHOSE_DELIVERY_STREAM: {
        "destination": "extended_s3",
        "extendedS3Configuration": {
            "bucketArn": "arn:aws:s3:::data-eu",
            "roleArn": f"arn:aws:iam::{ACCOUNT}:role/fh",
        },
    },
    c.LAMBDA_EVENT_INVOKE_CONFIG: {
        "functionName": "f",
        "destinationConfig": {
            "onFailure": {"destination": arn("sqs", "eu-west-3", "failures")},
            "onSuccess": {"destination": arn("sns", "eu-west-3", "ok")},
        },
    },
    c.EBS_SNAPSHOT_COPY: {"sourceSnapshotId": "snap-1", "sourceRegion": "us-east-1"},
    c.EC2_AMI_COPY: {"name": "ami", "sourceAmiId": "ami-1", "sourceAmiRegion": "us-east-1"},
    c.LAMBDA_FUNCTION_URL: {"functionName": "f", "authorizationType": "AWS_IAM"},
    c.APIGWV2_ROUTE: {"apiId": "a", "routeKey": "GET /x", "authorizationType": "AWS_IAM"},
    c.APIGWV2_API: {"name": "http", "protocolType": "HTTP"},
    c.APIGWV2_STAGE: {
        "apiId": "a",
        "name": "$default",
        "defaultRouteSettings": {"dataTraceEnabled": False},
        "routeSettings": [{"routeKey": "GET /x", "dataTraceEnabled": False}],
    },
    c.APIGW_METHOD: {
        "restApi": "r",
        "resourceId": "x",
        "httpMethod": "GET",
        "authorization": "AWS_IAM",
        "apiKeyRequired": False,
    },
    c.APIGW_STAGE: {"restApi": "r", "stageName": "prod", "deployment": "d", "cacheClusterEnabled": False},
    c.APIGW_METHOD_SETTINGS: {
        "restApi": "r",
        "stageName": "prod",
        "methodPath": "*/*",
        "settings": {"cachingEnabled": False, "dataTraceEnabled": False},
    },
    c.APIGW_REST_API: {"name": "api", "endpointConfiguration": {"types": "REGIONAL"}},
    c.APIGW_DOMAIN_NAME: {
        "domainName": "api.example.eu",
        "endpointConfiguration": {"types": "REGIONAL"},
        "regionalCertificateArn": arn("acm", "eu-west-3", "certificate/c"),
    },
    c.CLOUDFRONT_DISTRIBUTION: {
        "enabled": True,
        "defaultCacheBehavior": {"targetOriginId": "o", "viewerProtocolPolicy": "https-only"},
        "orderedCacheBehaviors": [{"pathPattern": "/api/*", "targetOriginId": "o"}],
        "restrictions": {"geoRestriction": {"restrictionType": "whitelist", "locations": ["FR", "DE"]}},
        "viewerCertificate": {"acmCertificateArn": arn("acm", "us-east-1", "certificate/c")},
    },
    c.LB_LOAD_BALANCER: {"internal": False, "loadBalancerType": "application"},
    c.ALB_LOAD_BALANCER: {"internal": True},
    c.ELB_LOAD_BALANCER: {"internal": True},
    c.TRANSFER_SERVER: {"endpointType": "VPC"},
    c.APPSYNC_GRAPHQL_API: {
        "name": "g",
        "authenticationType": "AWS_IAM",
        "additionalAuthenticationProviders": [{"authenticationType": "AMAZON_COGNITO_USER_POOLS"}],
    },
    c.WAFV2_WEB_ACL: {"scope": "REGIONAL", "defaultAction": {"block": {}}, "rules": []},
    "aws:iam/role:Role": {"assumeRolePolicy": '{"Statement": [{"Resource": "arn:aws:sqs:us-east-1:1:q"}]}'},
    "aws:ec2/securityGroup:SecurityGroup": {"name": "sg", "vpcId": "vpc-1"},
    "aws:cloudfront/cachePolicy:CachePolicy": {"name": "cp"},
    c.APPSYNC_EVENT_API: {
        "name": "events",
        "eventConfig": {
            "authProviders": [{"authType": "AWS_IAM"}],
            "connectionAuthModes": [{"authType": "AWS_IAM"}],
            "defaultPublishAuthModes": [{"authType": "AWS_IAM"}],
            "defaultSubscribeAuthModes": [{"authType": "AWS_IAM"}],
        },
    },
    c.SFN_STATE_MACHINE: {
        "definition": "{}",
        "roleArn": f"arn:aws:iam::{ACCOUNT}:role/sfn",
        "loggingConfiguration": {"level": "ERROR", "includeExecutionData": False},
    },
    c.BEDROCK_INVOCATION_LOGGING: {
        "loggingConfig": {
            "textDataDeliveryEnabled": False,
            "imageDataDeliveryEnabled": False,
            "embeddingDataDeliveryEnabled": False,
            "videoDataDeliveryEnabled": False,
        }
    },
    c.S3_BUCKET_PUBLIC_ACCESS_BLOCK: {
        "bucket": "data-eu",
        "blockPublicAcls": True,
        "blockPublicPolicy": True,
        "ignorePublicAcls": True,
        "restrictPublicBuckets": True,
    },
    c.S3_BUCKET_POLICY: {
        "bucket": "data-eu",
        "policy": '{"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*", '
                  '"Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}',
    },
    c.LAMBDA_PERMISSION: {
        "function": "f",
        "action": "lambda:InvokeFunction",
        "principal": "apigateway.amazonaws.com",
        "sourceArn": arn("execute-api", "eu-west-3", "abc/*/GET/items"),
    },
    c.EC2_INSTANCE: {"instanceType": "t3.micro", "associatePublicIpAddress": False},
    c.RDS_SNAPSHOT: {"dbInstanceIdentifier": "db", "dbSnapshotIdentifier": "nightly"},
    c.APPRUNNER_SERVICE: {
        "serviceName": "svc",
        "networkConfiguration": {"ingressConfiguration": {"isPubliclyAccessible": False}},
    },
    c.OPENSEARCH_DOMAIN: {"domainName": "search", "vpcOptions": {"subnetIds": ["subnet-1"]}},
}


def baseline(type_token: str, **changes: Any) -> dict[str, Any]:
    """A deep copy of a type's baseline with top-level changes (``None`` removes a key)."""
    props = copy.deepcopy(BASELINES[type_token])
    for key, value in changes.items():
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value
    return props
