"""The container stack (examples/container-stack) under mocks, and ``residency check`` on it end to end."""

from __future__ import annotations

import json
import runpy
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pulumi
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "container-stack"
PROJECT = "residency-container-stack"


def dev_config() -> dict[str, str]:
    """Pulumi.dev.yaml as the engine hands it to the program: namespaced keys, strings, objects as JSON."""
    document = yaml.safe_load((EXAMPLE / "Pulumi.dev.yaml").read_text())
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in document["config"].items()}


def run_main() -> None:
    if str(EXAMPLE) not in sys.path:
        sys.path.insert(0, str(EXAMPLE))  # as the language host does: the program's directory is importable
    runpy.run_path(str(EXAMPLE / "__main__.py"), run_name="__main__")


def test_project_files() -> None:
    project = yaml.safe_load((EXAMPLE / "Pulumi.yaml").read_text())
    assert project["name"] == PROJECT
    assert project["runtime"]["name"] == "python"
    config = dev_config()
    assert config["aws:region"] == "eu-west-3"
    assert json.loads(config["pulumi:disable-default-providers"]) == ["*"]
    certificates = json.loads(config[f"{PROJECT}:certificateArns"])
    assert set(certificates) == {"eu-west-3", "eu-central-1"}
    for region, arn in certificates.items():
        assert arn.startswith(f"arn:aws:acm:{region}:")


def test_registers_a_service_a_database_and_their_network(program) -> None:
    recording = program(run_main, dev_config(), project=PROJECT)
    components = Counter(r.type.rsplit(":", 1)[1] for r in recording.resources if not r.custom)
    assert components == {
        "PinnedProvider": 1,
        "ResidentKey": 1,
        "ResidentNetwork": 1,
        "ResidentRepository": 1,
        "ResidentDatabase": 1,
        "ResidentService": 1,
    }
    (provider,) = recording.of_type("pulumi:providers:aws")
    assert provider.inputs["region"] == "eu-west-3"
    for resource in recording.custom():
        assert resource.provider_urn == provider.urn, resource.name
    # Both invokes (caller identity, availability zones) go through the pinned provider too.
    assert {c.provider.rsplit("::", 1)[0] for c in recording.calls} == {provider.urn}
    assert len(recording.custom()) == 60


def test_service_is_wired_to_the_database_with_iam_authentication(program) -> None:
    recording = program(run_main, dev_config(), project=PROJECT)
    (container,) = json.loads(recording.one("aws:ecs/taskDefinition:TaskDefinition").inputs["containerDefinitions"])
    environment = {v["name"]: v["value"] for v in container["environment"]}
    cluster = recording.one("aws:rds/cluster:Cluster")
    assert environment["PGHOST"] == cluster.state["endpoint"]
    assert environment["PGUSER"] == "shop_app"
    assert environment["PGSSLMODE"] == "verify-full"
    assert container["secrets"] == []
    assert container["image"].endswith("/images-repository:2026.12.1")
    (statement,) = json.loads(recording.one("aws:iam/rolePolicy:RolePolicy", "shop-task-policy").inputs["policy"])[
        "Statement"
    ]
    assert statement["Resource"] == [
        f"arn:aws:rds-db:eu-west-3:123456789012:dbuser:{cluster.state['clusterResourceId']}/shop_app"
    ]
    listener = recording.one("aws:lb/listener:Listener", "shop-https")
    assert listener.inputs["certificateArn"] == json.loads(dev_config()[f"{PROJECT}:certificateArns"])["eu-west-3"]


def test_exports(program) -> None:
    outputs = program(run_main, dev_config(), project=PROJECT).stack_outputs
    assert outputs["zone"] == "eu"
    assert outputs["region"] == "eu-west-3"
    assert outputs["repository_url"].startswith("123456789012.dkr.ecr.eu-west-3.amazonaws.com/")
    assert outputs["load_balancer_dns_name"].endswith(".eu-west-3.elb.amazonaws.com")
    assert outputs["web_acl_arn"].startswith("arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/")
    assert outputs["database_endpoint"].endswith(".eu-west-3.rds.amazonaws.com")
    assert outputs["database_secret_arn"].startswith("arn:aws:secretsmanager:eu-west-3:")
    assert len(outputs["supported_countries"]) == 30


def test_frankfurt_uses_the_frankfurt_certificate(program) -> None:
    recording = program(run_main, {**dev_config(), "aws:region": "eu-central-1"}, project=PROJECT)
    listener = recording.one("aws:lb/listener:Listener", "shop-https")
    assert listener.inputs["certificateArn"].startswith("arn:aws:acm:eu-central-1:")
    assert {recording.provider_region(r) for r in recording.custom()} == {"eu-central-1"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"aws:region": "eu-north-1"},
            "Invalid configuration in Pulumi.test.yaml: certificateArns has no certificate for eu-north-1",
        ),
        ({"aws:region": "eu-west-2"}, "aws:region = 'eu-west-2' (Europe (London)) is outside the residency zone"),
        (
            {f"{PROJECT}:imageTag": None},
            "Invalid configuration in Pulumi.test.yaml: residency-container-stack:imageTag is not set; set it with "
            "`pulumi config set residency-container-stack:imageTag <value>`",
        ),
        (
            {f"{PROJECT}:userPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x"},
            "ResidentService 'shop': authentication.cognito.user_pool_arn: region 'us-east-1' is outside",
        ),
        ({f"{PROJECT}:imageTag": "latest build"}, "ResidentService 'shop': image_tag: 'latest build' is not"),
    ],
)
def test_bad_configuration_fails_with_one_paragraph(refused, overrides, message: str) -> None:
    config = {k: v for k, v in {**dev_config(), **overrides}.items() if v is not None}
    error, recording = refused(run_main, config, project=PROJECT)
    assert isinstance(error, pulumi.RunError)
    assert message in str(error)
    assert "\n" not in str(error)
    assert recording.of_type("residency:components:ResidentService") == []


# --- residency check, end to end --------------------------------------------------------------------------------

CHECKS = {
    "container-stack": (EXAMPLE,),
    "container-stack-frankfurt": (EXAMPLE, "--config", "aws:region=eu-central-1"),
    "reference-stack": (ROOT,),
}


@pytest.fixture(scope="module")
def checked(check_program):
    """Each stack checked by the installed ``residency`` command, two at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {case: pool.submit(check_program, *args) for case, args in CHECKS.items()}
        return {case: future.result() for case, future in futures.items()}


@pytest.mark.parametrize("case", sorted(CHECKS))
def test_residency_check_passes_with_zero_findings(checked, case: str) -> None:
    outcome = checked[case]
    assert outcome.findings() == []
    assert outcome.returncode == 0, outcome.stderr[-2000:]


def test_container_stack_check_sees_every_resource(checked) -> None:
    report = checked["container-stack"].report
    assert report is not None
    assert report["project"] == PROJECT
    # The pack sees the stack, the 6 components, the pinned aws.Provider and the 60 resources it manages.
    assert report["resources"] == 1 + 6 + 1 + 60
