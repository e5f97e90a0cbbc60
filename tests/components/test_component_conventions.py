"""Conventions every component keeps (docs/conventions.md, "Components"): names, parents, providers, tags, outputs."""

from __future__ import annotations

import ast
import importlib
import inspect
import runpy
from pathlib import Path

import pulumi
import pytest

import residency.components as components
from residency.components import (
    ApiGatewayAccountLogging,
    PinnedProvider,
    ResidentBucket,
    ResidentDatabase,
    ResidentEndpoint,
    ResidentFunction,
    ResidentKey,
    ResidentNetwork,
    ResidentQueue,
    ResidentRepository,
    ResidentService,
    ResidentTable,
)

ROOT = Path(__file__).resolve().parents[2]
CODE = pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {}\n")})
COMPONENTS = [
    PinnedProvider,
    ResidentKey,
    ResidentBucket,
    ResidentTable,
    ResidentQueue,
    ResidentFunction,
    ResidentEndpoint,
    ApiGatewayAccountLogging,
    ResidentNetwork,
    ResidentRepository,
    ResidentDatabase,
    ResidentService,
]
CERT = "arn:aws:acm:eu-west-3:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"


def everything(prefix: str = ""):
    """Every component with every optional part turned on, in Paris with replicas in Frankfurt."""

    def program() -> None:
        paris = PinnedProvider(f"{prefix}paris", {"region": "eu-west-3", "zone": "eu"})
        frankfurt = PinnedProvider(f"{prefix}frankfurt", {"region": "eu-central-1", "zone": "eu"})
        key = ResidentKey(f"{prefix}content", {"provider": paris, "allow_cloudwatch_logs": True})
        replica_key = ResidentKey(f"{prefix}replica", {"provider": frankfurt})
        ResidentBucket(
            f"{prefix}content",
            {
                "provider": paris,
                "key": key,
                "replica_key": replica_key,
                "expire_noncurrent_after_days": 30,
                "object_lock": {"mode": "GOVERNANCE", "days": 1},
            },
        )
        ResidentTable(
            f"{prefix}sessions",
            {"provider": paris, "key": key, "hash_key": "pk", "replica_keys": [replica_key]},
        )
        function = ResidentFunction(f"{prefix}echo", {"provider": paris, "key": key, "code": CODE})
        logging = ApiGatewayAccountLogging(f"{prefix}apigw", {"provider": paris})
        ResidentEndpoint(
            f"{prefix}api",
            {
                "provider": paris,
                "key": key,
                "function": function,
                "authorization": "COGNITO_USER_POOLS",
                "account_logging": logging,
                "user_pool_arns": ["arn:aws:cognito-idp:eu-west-3:123456789012:userpool/eu-west-3_x"],
            },
        )
        network = ResidentNetwork(
            f"{prefix}net",
            {"provider": paris, "key": key, "public_subnets": True, "additional_interface_endpoints": ["sqs"]},
        )
        repository = ResidentRepository(f"{prefix}images", {"provider": paris, "key": key})
        database = ResidentDatabase(
            f"{prefix}orders",
            {"provider": paris, "key": key, "network": network, "client_security_group_ids": ["sg-0123456789abcdef0"]},
        )
        ResidentService(
            f"{prefix}shop",
            {
                "provider": paris,
                "key": key,
                "network": network,
                "image": repository,
                "image_tag": "1.0.0",
                "certificate_arn": CERT,
                "authentication": {
                    "cognito": {
                        "user_pool_arn": "arn:aws:cognito-idp:eu-west-3:123456789012:userpool/eu-west-3_x",
                        "user_pool_client_id": "client",
                        "user_pool_domain": "shop",
                    }
                },
                "databases": [{"database": database, "user": "shop_app"}],
                "secrets": {"API_KEY": "arn:aws:ssm:eu-west-3:123456789012:parameter/shop/api-key"},
                "http_redirect": True,
            },
        )

    return program


@pytest.fixture
def recording(program):
    return program(everything())


def test_every_component_is_registered_with_its_type_token(recording) -> None:
    registered = {r.type for r in recording.resources if not r.custom}
    assert registered == {f"residency:components:{c.__name__}" for c in COMPONENTS}


def test_children_are_parented_and_named_after_their_component(recording) -> None:
    components_by_urn = {r.urn: r for r in recording.resources if not r.custom}
    for resource in recording.resources:
        if resource.type.startswith("residency:components:") and resource.parent.endswith(
            "residency-reference-test"
        ):
            continue  # a top-level component, parented by the stack
        parent = components_by_urn[resource.parent]
        assert resource.name.startswith(f"{parent.name}-"), (resource.name, parent.name)


def test_two_instances_never_collide(program) -> None:
    def both() -> None:
        everything("a-")()
        everything("b-")()

    recording = program(both)
    urns = [r.urn for r in recording.resources]
    assert len(urns) == len(set(urns))


def test_every_custom_resource_names_a_pinned_provider(recording) -> None:
    providers = {r.urn: r for r in recording.of_type("pulumi:providers:aws")}
    for resource in recording.custom():
        assert resource.provider_urn in providers, resource.name
        assert recording.provider_region(resource) in {"eu-west-3", "eu-central-1"}
    frankfurt = {r.name for r in recording.custom() if recording.provider_region(r) == "eu-central-1"}
    assert frankfurt == {
        "replica-key",
        "content-replica-bucket",
        "content-replica-encryption",
        "content-replica-versioning",
        "content-replica-public-access-block",
        "content-replica-ownership",
        "content-replica-policy",
    }


def _aws_class(token: str) -> type:
    module, name = token.split(":")[1].split("/")[0], token.split(":")[2]
    package = importlib.import_module(f"pulumi_aws.{'lambda_' if module == 'lambda' else module}")
    return getattr(package, name)


def test_every_taggable_resource_states_its_data_class(recording) -> None:
    taggable = 0
    for resource in recording.custom():
        parameters = inspect.signature(_aws_class(resource.type)._internal_init).parameters
        if "tags" in parameters:
            taggable += 1
            assert resource.inputs.get("tags") == {"data-class": "customer-content"}, resource.name
        else:
            assert "tags" not in resource.inputs
    assert taggable >= 40


def test_registered_outputs_match_the_typed_output_attributes(recording) -> None:
    for component in COMPONENTS:
        annotations = inspect.get_annotations(component)
        declared_outputs = {name for name, hint in annotations.items() if "Output[" in str(hint)}
        instances = [r for r in recording.resources if r.type == f"residency:components:{component.__name__}"]
        registered: set[str] = set()
        for instance in instances:
            assert instance.outputs is not None, instance.name
            assert set(instance.outputs) <= set(annotations), (component.__name__, instance.outputs)
            registered |= set(instance.outputs)
        assert declared_outputs <= registered, component.__name__


def test_every_component_and_args_field_is_documented() -> None:
    for name in components.__all__:
        value = getattr(components, name)
        if inspect.isclass(value):
            assert inspect.getdoc(value), name
    for module_name in (
        "provider",
        "key",
        "bucket",
        "table",
        "queue",
        "function",
        "endpoint",
        "account_logging",
        "network",
        "repository",
        "database",
        "service",
        "_front_door",
    ):
        tree = ast.parse((ROOT / "components" / f"{module_name}.py").read_text())
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            typed_dict = any(isinstance(base, ast.Name) and base.id == "TypedDict" for base in node.bases)
            if node.name.endswith(("Args", "Lock")) or typed_dict:
                body = node.body[1:]  # after the class docstring
                for field, doc in zip(body, [*body[1:], None], strict=True):
                    if isinstance(field, ast.AnnAssign):
                        documented = isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
                        assert documented, f"{node.name}.{ast.unparse(field.target)} has no docstring"


def test_main_only_wires() -> None:
    source = (ROOT / "__main__.py").read_text()
    assert "pulumi_aws" not in source
    assert "import aws" not in source


def test_runs_twice_in_one_process(program) -> None:
    # The runner resets the stack between programs: a second run registers the same set again.
    config = {"aws:region": "eu-west-3"}
    first = program(lambda: runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__"), config)
    second = program(lambda: runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__"), config)
    assert first.types() == second.types()
