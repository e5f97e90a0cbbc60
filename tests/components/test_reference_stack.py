"""The reference stack (__main__.py) under mocks: what it registers, through which provider, its errors."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pulumi
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = ROOT / "__main__.py"

EXPECTED_TYPES = sorted(
    [
        "pulumi:providers:aws",
        "residency:components:PinnedProvider",
        "residency:components:ResidentKey",
        "residency:components:ResidentBucket",
        "residency:components:ResidentTable",
        "residency:components:ResidentQueue",
        "residency:components:ResidentFunction",
        "residency:components:ResidentEndpoint",
        "aws:kms/key:Key",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy",
        "aws:dynamodb/table:Table",
        "aws:sqs/queue:Queue",
        "aws:sqs/queuePolicy:QueuePolicy",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:iam/role:Role",
        "aws:iam/rolePolicy:RolePolicy",
        "aws:lambda/function:Function",
        "aws:lambda/permission:Permission",
        "aws:apigateway/restApi:RestApi",
        "aws:apigateway/resource:Resource",
        "aws:apigateway/method:Method",
        "aws:apigateway/method:Method",
        "aws:apigateway/integration:Integration",
        "aws:apigateway/integration:Integration",
        "aws:apigateway/deployment:Deployment",
        "aws:apigateway/stage:Stage",
        "aws:apigateway/methodSettings:MethodSettings",
        "aws:wafv2/webAcl:WebAcl",
        "aws:wafv2/webAclAssociation:WebAclAssociation",
    ]
)


def dev_config() -> dict[str, str]:
    """Pulumi.dev.yaml as the engine hands it to the program: namespaced keys, strings, lists as JSON."""
    document = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    return {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in document["config"].items()
    }


def run_main() -> None:
    runpy.run_path(str(PROGRAM), run_name="__main__")


def test_dev_stack_file() -> None:
    config = dev_config()
    assert config["aws:region"] == "eu-west-3"
    assert config["residency:zone"] == "eu"
    assert config["residency:supportedCountries"] == "EEA"
    project = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())
    assert project["name"] == "residency-reference"
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": ".venv"}}


def test_registers_exactly_the_resident_resources(program) -> None:
    recording = program(run_main, dev_config())
    assert recording.types() == EXPECTED_TYPES
    assert len(recording.resources) == 35


def test_every_resource_goes_through_the_pinned_provider(program) -> None:
    recording = program(run_main, dev_config())
    (provider,) = recording.of_type("pulumi:providers:aws")
    assert provider.name == "residency-aws"
    assert provider.inputs["region"] == "eu-west-3"
    assert provider.parent == recording.one("residency:components:PinnedProvider").urn
    customs = recording.custom()
    assert len(customs) == 27
    for resource in customs:
        assert resource.provider_urn == provider.urn, resource.name
        assert recording.provider_region(resource) == "eu-west-3"
    # Nothing asks the default provider: the only invoke goes through the pinned one too.
    assert [c.provider.rsplit("::", 1)[0] for c in recording.calls] == [provider.urn]


def test_exports(program) -> None:
    outputs = program(run_main, dev_config()).stack_outputs
    assert outputs["zone"] == "eu"
    assert outputs["region"] == "eu-west-3"
    assert outputs["bucket_name"] == "content-bucket"
    assert outputs["table_name"] == "sessions-table"
    assert outputs["function_arn"] == "arn:aws:lambda:eu-west-3:123456789012:function:echo-function"
    assert outputs["invoke_url"].endswith(".execute-api.eu-west-3.amazonaws.com/v1")
    assert outputs["web_acl_arn"].startswith("arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/")
    assert outputs["stage_arn"].startswith("arn:aws:apigateway:eu-west-3::/restapis/")
    assert outputs["dead_letter_queue_url"].startswith("https://sqs.eu-west-3.amazonaws.com/")
    assert len(outputs["supported_countries"]) == 30


def test_function_ships_the_example_handler(program) -> None:
    recording = program(run_main, dev_config())
    function = recording.one("aws:lambda/function:Function")
    assert function.inputs["handler"] == "index.handler"
    assert function.inputs["environment"] == {"variables": {"RESIDENCY_ZONE": "eu"}}
    assert (ROOT / "examples" / "handler" / "index.py").is_file()


def test_configured_countries_retention_and_tag_key_reach_the_components(program) -> None:
    config = {
        **dev_config(),
        "residency:supportedCountries": json.dumps(["FR", "BE"]),
        "residency:logRetentionDays": "14",
        "residency:dataClassTag": "classification",
        "residency:region": "eu-central-1",
        "residency:allowedAccountIds": json.dumps(["123456789012"]),
    }
    recording = program(run_main, config)
    acl = recording.one("aws:wafv2/webAcl:WebAcl")
    (geo,) = [r for r in acl.inputs["rules"] if r["name"] == "allow-supported-countries"]
    assert geo["statement"]["geoMatchStatement"]["countryCodes"] == ["BE", "FR"]
    assert {g.inputs["retentionInDays"] for g in recording.of_type("aws:cloudwatch/logGroup:LogGroup")} == {
        14
    }
    provider = recording.one("pulumi:providers:aws")
    assert provider.inputs["region"] == "eu-central-1"
    assert json.loads(provider.inputs["allowedAccountIds"]) == ["123456789012"]
    assert json.loads(provider.inputs["defaultTags"])["tags"] == {
        "classification": "customer-content",
        "residency-zone": "eu",
    }
    assert recording.one("aws:s3/bucket:Bucket").inputs["tags"] == {"classification": "customer-content"}


def test_account_logging_is_opt_in(program) -> None:
    assert program(run_main, dev_config()).of_type("aws:apigateway/account:Account") == []
    recording = program(run_main, {**dev_config(), "residency-reference:manageApiGatewayAccount": "true"})
    account = recording.one("aws:apigateway/account:Account")
    assert account.urn in recording.one("aws:apigateway/stage:Stage").dependencies


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"residency:region": "eu-wst-3"},
            "Invalid configuration in Pulumi.test.yaml: residency:region = 'eu-wst-3': 'eu-wst-3' is not "
            "an AWS region botocore knows. Did you mean 'eu-west-3'?",
        ),
        (
            {"aws:region": "us-east-1"},
            "Invalid configuration in Pulumi.test.yaml: aws:region = 'us-east-1' (US East (N. Virginia)) "
            "is outside the residency zone 'eu', whose regions are eu-central-1, eu-north-1, eu-south-1, "
            "eu-south-2, eu-west-1, eu-west-3, eusc-de-east-1; set aws:region to one of them.",
        ),
        (
            {"residency:region": "eu-west-2"},
            "Invalid configuration in Pulumi.test.yaml: region 'eu-west-2' (Europe (London)) is outside "
            "the residency zone 'eu'",
        ),
        ({"residency:zoen": "eu"}, "unknown key 'residency:zoen', did you mean 'zone'?"),
        ({"residency:supportedCountries": "EEA,UK"}, "The ISO 3166-1 code of the United Kingdom is 'GB'."),
        ({"residency:logRetentionDays": "0"}, "residency:logRetentionDays = '0': 0 is not a CloudWatch Logs"),
        ({"residency-reference:manageApiGatewayAccount": "maybe"}, "manageApiGatewayAccount"),
    ],
)
def test_bad_stack_config_fails_with_one_paragraph(refused, overrides, message: str) -> None:
    error, recording = refused(run_main, {**dev_config(), **overrides})
    assert isinstance(error, pulumi.RunError)
    assert message in str(error)
    assert "\n" not in str(error)
    assert "Traceback" not in str(error)
    assert recording.resources == []
