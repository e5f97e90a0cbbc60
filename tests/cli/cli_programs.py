"""The small Pulumi programs the CLI tests write: a compliant base and one variation per class of violation.

Each program is the same compliant base (explicit ``eu-west-3`` provider, config read from ``Pulumi.yaml`` and
``Pulumi.dev.yaml``) plus, per case, the few lines that break exactly one rule.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT = "cli-test"
#: A secure config value as `pulumi config set --secret` writes it; offline it cannot be decrypted or shown.
SECURE_CIPHERTEXT = "v1:Zm9vYmFyYmF6cXV4:R3JhZGVzT2ZTZWNyZXRDaXBoZXJ0ZXh0Rm9yQ2xpVGVzdHM="

PROJECT_FILE = f"""\
name: {PROJECT}
runtime:
  name: python
  options:
    toolchain: pip
description: A program written by the residency CLI tests.
config:
  bucketPrefix:
    type: string
    default: cli
"""

STACK_FILE = f"""\
config:
  aws:region: {{region}}
  {PROJECT}:owner: platform-team
  apiToken:
    secure: {SECURE_CIPHERTEXT}
"""

# Compliant in zone `eu`: everything goes through the explicit eu-west-3 provider (a single-Region table: a
# replicated one is a multi-Region primitive, reported as advisory), the bucket replicates to a bucket of this
# stack, the log group has a retention, the API is REGIONAL and its method needs IAM authorization. Config
# comes in three ways: a namespaced key of the stack file (`cli-test:owner`), a project default
# (`bucketPrefix`) and a secure value (`apiToken`).
BASE_PROGRAM = """\
import pulumi
import pulumi_aws as aws

config = pulumi.Config()
owner = config.require("owner")
prefix = config.require("bucketPrefix")
token = config.require_secret("apiToken")

eu = aws.Provider("eu", region="eu-west-3")
eu_backup = aws.Provider("eu-backup", region="eu-central-1")
opts = pulumi.ResourceOptions(provider=eu)
tags = {"owner": owner}

content = aws.s3.Bucket(f"{prefix}-content", tags=tags, opts=opts)
backup = aws.s3.Bucket(f"{prefix}-backup", tags=tags, opts=pulumi.ResourceOptions(provider=eu_backup))
aws.s3.BucketReplicationConfig(
    "backup-replication",
    bucket=content.id,
    role="arn:aws:iam::123456789012:role/replication",
    rules=[{"id": "all", "status": "Enabled", "destination": {"bucket": backup.arn}}],
    opts=opts,
)
aws.sqs.Queue("jobs", tags={**tags, "token": token}, opts=opts)
aws.dynamodb.Table(
    "sessions",
    hash_key="pk",
    attributes=[{"name": "pk", "type": "S"}],
    billing_mode="PAY_PER_REQUEST",
    stream_enabled=True,
    stream_view_type="NEW_AND_OLD_IMAGES",
    opts=opts,
)
aws.cloudwatch.LogGroup("audit", retention_in_days=30, opts=opts)
api = aws.apigateway.RestApi("api", endpoint_configuration={"types": "REGIONAL"}, opts=opts)
items = aws.apigateway.Resource("items", rest_api=api.id, parent_id=api.root_resource_id, path_part="items", opts=opts)
aws.apigateway.Method(
    "get-items", rest_api=api.id, resource_id=items.id, http_method="GET", authorization="AWS_IAM", opts=opts
)
pulumi.export("token", token)
"""


@dataclass(frozen=True)
class Case:
    """A program that breaks one rule: the lines added to the base, and what must be reported."""

    name: str
    extra: str
    policy: str
    resource: str
    region: str = "eu-west-3"


CASES = (
    Case(
        "explicit-provider-outside-zone",
        """
        us = aws.Provider("us", region="us-east-1")
        aws.s3.Bucket("us-bucket", opts=pulumi.ResourceOptions(provider=us))
        """,
        "residency-data-at-rest",
        "us-bucket",
    ),
    Case(
        "region-override-outside-zone",
        """
        aws.sqs.Queue("moved-queue", region="us-west-2", opts=opts)
        """,
        "residency-data-at-rest",
        "moved-queue",
    ),
    Case(
        "default-provider-region",
        """
        aws.s3.Bucket("default-bucket")
        """,
        "residency-data-at-rest",
        "default-bucket",
        region="us-east-1",
    ),
    Case(
        "s3-replication-outside-stack",
        """
        aws.s3.BucketReplicationConfig(
            "outbound-replication",
            bucket=content.id,
            role="arn:aws:iam::123456789012:role/replication",
            rules=[{"id": "out", "status": "Enabled", "destination": {"bucket": "arn:aws:s3:::someone-elses-bucket"}}],
            opts=opts,
        )
        """,
        "side-door-destination",
        "outbound-replication",
    ),
    Case(
        "dynamodb-replica-outside-zone",
        """
        aws.dynamodb.Table(
            "global-table",
            hash_key="pk",
            attributes=[{"name": "pk", "type": "S"}],
            billing_mode="PAY_PER_REQUEST",
            stream_enabled=True,
            stream_view_type="NEW_AND_OLD_IMAGES",
            replicas=[{"region_name": "eu-central-1"}, {"region_name": "us-east-1"}],
            opts=opts,
        )
        """,
        "side-door-destination",
        "global-table",
    ),
    Case(
        "edge-endpoint",
        """
        aws.apigateway.RestApi("edge-api", endpoint_configuration={"types": "EDGE"}, opts=opts)
        """,
        "stateless-edge-endpoint",
        "edge-api",
    ),
    Case(
        "method-without-authorization",
        """
        aws.apigateway.Method(
            "open-method", rest_api=api.id, resource_id=items.id, http_method="POST", authorization="NONE", opts=opts
        )
        """,
        "keyless-unauthenticated-method",
        "open-method",
    ),
    Case(
        "iam-access-key",
        """
        aws.iam.AccessKey("ci-key", user="ci", opts=opts)
        """,
        "keyless-static-credentials",
        "ci-key",
    ),
    Case(
        "stage-without-waf",
        """
        deployment = aws.apigateway.Deployment("deployment", rest_api=api.id, opts=opts)
        aws.apigateway.Stage("public-stage", rest_api=api.id, deployment=deployment.id, stage_name="prod", opts=opts)
        """,
        "exposure-geo-restriction",
        "public-stage",
    ),
    Case(
        "log-group-without-retention",
        """
        aws.cloudwatch.LogGroup("forever-logs", opts=opts)
        """,
        "stateless-log-retention",
        "forever-logs",
    ),
)

#: A control-plane resource outside the zone: only the advisory residency-control-plane, so exit 0.
ADVISORY_EXTRA = """
us = aws.Provider("us", region="us-east-1")
aws.ec2.SecurityGroup("us-firewall", description="control plane only", opts=pulumi.ResourceOptions(provider=us))
"""

#: Resources the base program declares (the stack, 2 providers, 9 resources).
BASE_RESOURCES = 12


def write_program(directory: Path, extra: str = "", *, region: str = "eu-west-3") -> Path:
    """Write the base program plus ``extra`` as a Pulumi project with the one stack ``dev``."""
    directory.mkdir(parents=True)
    (directory / "Pulumi.yaml").write_text(PROJECT_FILE, encoding="utf-8")
    (directory / "Pulumi.dev.yaml").write_text(STACK_FILE.format(region=region), encoding="utf-8")
    (directory / "__main__.py").write_text(BASE_PROGRAM + textwrap.dedent(extra), encoding="utf-8")
    return directory


def urn_name(urn: str) -> str:
    """The resource name at the end of a URN."""
    return urn.rsplit("::", 1)[-1]


def mandatory_by_resource(document: Mapping[str, Any]) -> dict[str, set[str]]:
    """Resource name -> the mandatory policies that flagged it (decided or undetermined)."""
    found: dict[str, set[str]] = {}
    items: Iterable[Mapping[str, Any]] = [*document["violations"], *document["undetermined"]]
    for item in items:
        if item["level"] == "mandatory":
            found.setdefault(urn_name(item["urn"]), set()).add(item["policy"])
    return found
