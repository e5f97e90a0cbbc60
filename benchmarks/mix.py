"""The resource mix every benchmark input is generated from: one "tenant" group of resident resources.

A group mirrors what the reference stack's components declare (KMS key, S3 bucket with encryption and a
public access block, DynamoDB table, SQS dead-letter queue, IAM role, log group, Lambda function, a REST API
with method, integration, deployment, stage and method settings, and a regional WAF web ACL with geo match
associated with the stage), with wire-form (camelCase) inputs and the outputs a deployed stack would hold.
The same groups feed the stack export generator (:mod:`benchmarks.states`) and the Terraform plan generator
(:mod:`benchmarks.terraform`); the Pulumi program generator (:mod:`benchmarks.programs`) declares the same
types with pulumi_aws.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any, Final

ACCOUNT: Final = "123456789012"
REGION: Final = "eu-west-3"
#: The countries the generated WAF web ACLs allow (the EEA, as the pack's default ``supportedCountries``).
EEA: Final = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
    "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
)
#: How many groups share one explicit provider.
GROUPS_PER_PROVIDER: Final = 40

SECRET_SIG_KEY: Final = "4dabf18193072939515e22adb298388d"
SECRET_SIG: Final = "1b47061264138c4ac30d75fd1eb44270"
ARCHIVE_SIG: Final = "0def7320c3a5731c473e5ecbe6d01bc7"


@dataclass
class Spec:
    """One resource of the mix, before it is rendered into a state export or a plan."""

    type: str
    name: str
    inputs: dict[str, Any]
    #: Computed outputs added to the inputs (id, arn, ...).
    computed: dict[str, Any] = field(default_factory=dict)
    #: Input property -> names of the specs it depends on.
    deps: dict[str, list[str]] = field(default_factory=dict)
    #: The component it belongs to (a spec name), or ``None`` for a top-level resource.
    parent: str | None = None
    custom: bool = True
    id: str = ""


def _uuid(seed: str) -> str:
    return str(uuid.UUID(hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest()))


def arn(service: str, resource: str, region: str = REGION) -> str:
    """An ARN in the benchmark account."""
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


def _tags(tenant: str) -> dict[str, str]:
    return {"tenant": tenant, "residency:zone": "eu", "managed-by": "pulumi"}


def group(index: int) -> list[Spec]:
    """The resources of tenant ``index``: 5 components and 17 custom resources, in registration order."""
    t = f"t{index:05d}"
    tags = _tags(t)
    key_id = _uuid(f"{t}-key")
    key_arn = arn("kms", f"key/{key_id}")
    bucket = f"{t}-content-{REGION}"
    table = f"{t}-sessions"
    queue = f"{t}-echo-dlq"
    function = f"{t}-echo"
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/{function}-role"
    queue_arn = arn("sqs", queue)
    function_arn = arn("lambda", f"function:{function}")
    api_id = hashlib.md5(t.encode(), usedforsecurity=False).hexdigest()[:10]
    stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/prod"
    acl_id = _uuid(f"{t}-acl")
    acl_arn = arn("wafv2", f"regional/webacl/{t}-waf/{acl_id}")
    log_arn = arn("logs", f"log-group:/aws/lambda/{function}")
    access_log_arn = arn("logs", f"log-group:{t}-api-access-logs")
    invoke_arn = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    return [
        Spec("residency:components:ResidentKey", f"{t}-key-c", {}, custom=False),
        Spec(
            "aws:kms/key:Key",
            f"{t}-key",
            {
                "description": f"Customer content of tenant {t}",
                "enableKeyRotation": True,
                "multiRegion": False,
                "deletionWindowInDays": 30,
                "keyUsage": "ENCRYPT_DECRYPT",
                "policy": json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Sid": "Root",
                                "Effect": "Allow",
                                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                "Action": "kms:*",
                                "Resource": "*",
                            }
                        ],
                    }
                ),
                "tags": tags,
            },
            {"arn": key_arn, "keyId": key_id, "tagsAll": tags},
            parent=f"{t}-key-c",
            id=key_id,
        ),
        Spec("residency:components:ResidentBucket", f"{t}-content-c", {}, custom=False),
        Spec(
            "aws:s3/bucket:Bucket",
            f"{t}-content",
            {"bucket": bucket, "forceDestroy": False, "objectLockEnabled": False, "tags": tags},
            {
                "arn": f"arn:aws:s3:::{bucket}",
                "region": REGION,
                "bucketDomainName": f"{bucket}.s3.amazonaws.com",
                "bucketRegionalDomainName": f"{bucket}.s3.{REGION}.amazonaws.com",
                "hostedZoneId": "Z3R1K369G5AVDG",
                "tagsAll": tags,
            },
            parent=f"{t}-content-c",
            id=bucket,
        ),
        Spec(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            f"{t}-content-encryption",
            {
                "bucket": bucket,
                "rules": [
                    {
                        "applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": key_arn},
                        "bucketKeyEnabled": True,
                    }
                ],
            },
            deps={"bucket": [f"{t}-content"], "rules": [f"{t}-key"]},
            parent=f"{t}-content-c",
            id=bucket,
        ),
        Spec(
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            f"{t}-content-public-access",
            {
                "bucket": bucket,
                "blockPublicAcls": True,
                "blockPublicPolicy": True,
                "ignorePublicAcls": True,
                "restrictPublicBuckets": True,
            },
            deps={"bucket": [f"{t}-content"]},
            parent=f"{t}-content-c",
            id=bucket,
        ),
        Spec("residency:components:ResidentTable", f"{t}-sessions-c", {}, custom=False),
        Spec(
            "aws:dynamodb/table:Table",
            f"{t}-sessions",
            {
                "name": table,
                "billingMode": "PAY_PER_REQUEST",
                "hashKey": "pk",
                "rangeKey": "sk",
                "attributes": [{"name": "pk", "type": "S"}, {"name": "sk", "type": "S"}],
                "serverSideEncryption": {"enabled": True, "kmsKeyArn": key_arn},
                "pointInTimeRecovery": {"enabled": True},
                "ttl": {"attributeName": "expiresAt", "enabled": True},
                "deletionProtectionEnabled": True,
                "tags": tags,
            },
            {"arn": arn("dynamodb", f"table/{table}"), "streamArn": "", "tagsAll": tags},
            deps={"serverSideEncryption": [f"{t}-key"]},
            parent=f"{t}-sessions-c",
            id=table,
        ),
        Spec("residency:components:ResidentFunction", f"{t}-echo-c", {}, custom=False),
        Spec(
            "aws:sqs/queue:Queue",
            f"{t}-echo-dlq",
            {
                "name": queue,
                "kmsMasterKeyId": key_arn,
                "kmsDataKeyReusePeriodSeconds": 300,
                "messageRetentionSeconds": 1209600,
                "tags": tags,
            },
            {"arn": queue_arn, "url": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{queue}", "tagsAll": tags},
            deps={"kmsMasterKeyId": [f"{t}-key"]},
            parent=f"{t}-echo-c",
            id=f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{queue}",
        ),
        Spec(
            "aws:iam/role:Role",
            f"{t}-echo-role",
            {
                "name": f"{function}-role",
                "assumeRolePolicy": json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                ),
                "tags": tags,
            },
            {"arn": role_arn, "uniqueId": f"AROA{index:016d}", "tagsAll": tags},
            parent=f"{t}-echo-c",
            id=f"{function}-role",
        ),
        Spec(
            "aws:cloudwatch/logGroup:LogGroup",
            f"{t}-echo-logs",
            {"name": f"/aws/lambda/{function}", "retentionInDays": 30, "kmsKeyId": key_arn, "tags": tags},
            {"arn": log_arn, "tagsAll": tags},
            deps={"kmsKeyId": [f"{t}-key"]},
            parent=f"{t}-echo-c",
            id=f"/aws/lambda/{function}",
        ),
        Spec(
            "aws:lambda/function:Function",
            f"{t}-echo",
            {
                "name": function,
                "role": role_arn,
                "runtime": "python3.12",
                "handler": "index.handler",
                "architectures": ["arm64"],
                "memorySize": 256,
                "timeout": 10,
                "kmsKeyArn": key_arn,
                "code": {SECRET_SIG_KEY: ARCHIVE_SIG, "hash": hashlib.sha256(t.encode()).hexdigest(), "path": "."},
                "deadLetterConfig": {"targetArn": queue_arn},
                "environment": {"variables": {"RESIDENCY_ZONE": "eu", "TABLE": table, "QUEUE_URL": queue}},
                "loggingConfig": {"logFormat": "JSON", "logGroup": f"/aws/lambda/{function}"},
                "tags": tags,
            },
            {
                "arn": function_arn,
                "invokeArn": invoke_arn,
                "qualifiedArn": f"{function_arn}:$LATEST",
                "version": "$LATEST",
                "sourceCodeHash": hashlib.sha256(t.encode()).hexdigest(),
                "tagsAll": tags,
            },
            deps={
                "role": [f"{t}-echo-role"],
                "kmsKeyArn": [f"{t}-key"],
                "deadLetterConfig": [f"{t}-echo-dlq"],
                "loggingConfig": [f"{t}-echo-logs"],
            },
            parent=f"{t}-echo-c",
            id=function,
        ),
        Spec("residency:components:ResidentEndpoint", f"{t}-api-c", {}, custom=False),
        Spec(
            "aws:apigateway/restApi:RestApi",
            f"{t}-api",
            {
                "name": f"{t}-api",
                "description": f"{t}: resident endpoint in {REGION}",
                "endpointConfiguration": {"types": "REGIONAL"},
                "tags": tags,
            },
            {
                "arn": f"arn:aws:apigateway:{REGION}::/restapis/{api_id}",
                "executionArn": arn("execute-api", api_id),
                "rootResourceId": f"{api_id[:6]}root",
                "tagsAll": tags,
            },
            parent=f"{t}-api-c",
            id=api_id,
        ),
        Spec(
            "aws:apigateway/method:Method",
            f"{t}-api-root-method",
            {
                "restApi": api_id,
                "resourceId": f"{api_id[:6]}root",
                "httpMethod": "ANY",
                "authorization": "AWS_IAM",
                "apiKeyRequired": False,
            },
            deps={"restApi": [f"{t}-api"], "resourceId": [f"{t}-api"]},
            parent=f"{t}-api-c",
            id=f"agm-{api_id}-root-ANY",
        ),
        Spec(
            "aws:apigateway/integration:Integration",
            f"{t}-api-root-integration",
            {
                "restApi": api_id,
                "resourceId": f"{api_id[:6]}root",
                "httpMethod": "ANY",
                "type": "AWS_PROXY",
                "integrationHttpMethod": "POST",
                "uri": invoke_arn,
            },
            deps={"restApi": [f"{t}-api"], "httpMethod": [f"{t}-api-root-method"], "uri": [f"{t}-echo"]},
            parent=f"{t}-api-c",
            id=f"agi-{api_id}-root-ANY",
        ),
        Spec(
            "aws:apigateway/deployment:Deployment",
            f"{t}-api-deployment",
            {"restApi": api_id, "description": f"{t}: resident endpoint", "triggers": {"redeployment": api_id}},
            deps={"restApi": [f"{t}-api"]},
            parent=f"{t}-api-c",
            id=f"dep{api_id[:6]}",
        ),
        Spec(
            "aws:apigateway/stage:Stage",
            f"{t}-api-stage",
            {
                "restApi": api_id,
                "deployment": f"dep{api_id[:6]}",
                "stageName": "prod",
                "cacheClusterEnabled": False,
                "xrayTracingEnabled": False,
                "accessLogSettings": {"destinationArn": access_log_arn, "format": '{"requestId":"$context.requestId"}'},
                "tags": tags,
            },
            {
                "arn": stage_arn,
                "invokeUrl": f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod",
                "executionArn": arn("execute-api", f"{api_id}/prod"),
                "tagsAll": tags,
            },
            deps={"restApi": [f"{t}-api"], "deployment": [f"{t}-api-deployment"]},
            parent=f"{t}-api-c",
            id=f"ags-{api_id}-prod",
        ),
        Spec(
            "aws:apigateway/methodSettings:MethodSettings",
            f"{t}-api-method-settings",
            {
                "restApi": api_id,
                "stageName": "prod",
                "methodPath": "*/*",
                "settings": {
                    "cachingEnabled": False,
                    "dataTraceEnabled": False,
                    "loggingLevel": "OFF",
                    "metricsEnabled": False,
                    "throttlingRateLimit": 50,
                    "throttlingBurstLimit": 100,
                },
            },
            deps={"restApi": [f"{t}-api"], "stageName": [f"{t}-api-stage"]},
            parent=f"{t}-api-c",
            id=f"{api_id}-prod-*/*",
        ),
        Spec(
            "aws:wafv2/webAcl:WebAcl",
            f"{t}-api-waf",
            {
                "name": f"{t}-api-waf",
                "scope": "REGIONAL",
                "defaultAction": {"block": {}},
                "rules": [
                    {
                        "name": "supported-countries",
                        "priority": 1,
                        "action": {"allow": {}},
                        "statement": {"geoMatchStatement": {"countryCodes": list(EEA)}},
                        "visibilityConfig": {
                            "cloudwatchMetricsEnabled": True,
                            "metricName": f"{t}-geo",
                            "sampledRequestsEnabled": False,
                        },
                    }
                ],
                "visibilityConfig": {
                    "cloudwatchMetricsEnabled": True,
                    "metricName": f"{t}-acl",
                    "sampledRequestsEnabled": False,
                },
                "tags": tags,
            },
            {"arn": acl_arn, "capacity": 1, "lockToken": _uuid(f"{t}-lock"), "tagsAll": tags},
            parent=f"{t}-api-c",
            id=acl_id,
        ),
        Spec(
            "aws:wafv2/webAclAssociation:WebAclAssociation",
            f"{t}-api-waf-association",
            {"resourceArn": stage_arn, "webAclArn": acl_arn},
            deps={"resourceArn": [f"{t}-api-stage"], "webAclArn": [f"{t}-api-waf"]},
            parent=f"{t}-api-c",
            id=f"{acl_arn},{stage_arn}",
        ),
    ]


GROUP_SIZE: Final = len(group(0))


def filler(index: int) -> Spec:
    """A standalone compliant resource (an SQS queue) that fills a stack up to an exact size."""
    name = f"extra-{index:05d}"
    return Spec(
        "aws:sqs/queue:Queue",
        name,
        {"name": name, "messageRetentionSeconds": 86400, "tags": {"managed-by": "pulumi"}},
        {"arn": arn("sqs", name), "url": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"},
        id=f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}",
    )
