"""One test per item of issue 11: the offline engine sends the pack what the real engine would send.

Each program runs through :func:`run_program` (the offline runner in a child process) and, where the wire
matters, through the ``wire`` test pack, which reports as JSON exactly what it received over the Analyzer
protocol (unknowns as ``"<unknown>"``). Expected values follow the real engine and providers: pulumi/pulumi
``pkg/resource/deploy`` and ``analyzer_plugin.go``, pulumi-aws 7 ``provider/region.go`` and ``tags.go``, the
terraform bridge's autonaming and CheckConfig, terraform-provider-aws ``policy_document_data_source.go``.
"""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from residency import aws, runner
from residency.engine.program import run_program
from residency.engine.records import UNKNOWN, ResourceRecord, Secret, StackSnapshot
from residency.engine.session import run_pack
from residency.project import ProjectError, interpreter, load_project

AWS_VERSION = version("pulumi-aws")
WIRE_PACK = Path(__file__).parent / "packs" / "wire"
EU = {"aws:region": "eu-west-3"}


def program(directory: Path, source: str) -> Path:
    (directory / "__main__.py").write_text(textwrap.dedent(source).lstrip(), encoding="utf-8")
    return directory


def run(directory: Path, config: dict[str, str] | None = None, **kwargs: Any) -> StackSnapshot:
    return run_program(directory, "shop", "dev", EU if config is None else config, set(), 60, environ={}, **kwargs)


def by_name(snapshot: StackSnapshot) -> dict[str, ResourceRecord]:
    return {r.name: r for r in snapshot.resources}


def wire(snapshot: StackSnapshot) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the wire pack received: Analyze requests by name, AnalyzeStack resources by name."""
    pack_run = run_pack(WIRE_PACK, snapshot)
    analyzed: dict[str, Any] = {}
    stacked: dict[str, Any] = {}
    for diagnostic in pack_run.diagnostics:
        payload = json.loads(diagnostic.message.split("\n", 1)[1])
        (analyzed if diagnostic.policy_name == "wire-analyze" else stacked)[payload["name"]] = payload
    return analyzed, stacked


# -- 1. remote components ------------------------------------------------------------------------------------


def test_1_remote_component_is_recorded_and_never_passes(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi
            class Vpc(pulumi.ComponentResource):
                def __init__(self, name):
                    super().__init__("awsx:ec2:Vpc", name, {"cidrBlock": "10.0.0.0/16"}, None, remote=True)
            Vpc("main")
            """,
        )
    )
    vpc = by_name(snapshot)["main"]
    assert vpc.remote
    assert not vpc.custom
    assert vpc.provider_urn == "urn:pulumi:dev::shop::pulumi:providers:awsx::default"
    [finding] = runner.coverage_findings(snapshot, runner.default_pack_dir())
    assert (finding.policy, finding.level, finding.urn) == ("residency-offline-coverage", "mandatory", vpc.urn)
    assert finding.message.startswith("Not checked offline: awsx:ec2:Vpc 'main'")
    assert "pulumi preview --policy-pack policies" in finding.message


# -- 2. preview outputs --------------------------------------------------------------------------------------


def test_2_preview_outputs_are_unknown_for_what_the_provider_computes(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi_aws as aws
            named = aws.sqs.Queue("orders", name="orders")
            prefixed = aws.s3.Bucket("logs", bucket_prefix="logs-")
            aws.lambda_.FunctionEventInvokeConfig("cfg", function_name="fn", destination_config={
                "on_failure": {"destination": named.arn}})
            """,
        )
    )
    records = by_name(snapshot)
    queue, bucket, config = records["orders"], records["logs"], records["cfg"]
    assert queue.id is None
    assert queue.outputs["arn"] is UNKNOWN
    assert queue.outputs["url"] is UNKNOWN
    assert queue.outputs["name"] == "orders"
    # bucketPrefix conflicts with the autonamed `bucket`: the bridge leaves it for the provider to pick.
    assert "bucket" not in bucket.inputs
    assert bucket.outputs["arn"] is UNKNOWN
    assert "bucket" not in bucket.outputs
    assert config.inputs["destinationConfig"]["onFailure"]["destination"] is UNKNOWN
    assert config.property_dependencies["destinationConfig"] == (queue.urn,)
    _, stacked = wire(snapshot)
    assert stacked["orders"]["props"]["arn"] == "<unknown>"


def test_2_up_pass_knows_what_a_deployment_knows(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi_aws as aws
            named = aws.sqs.Queue("orders", name="orders")
            aws.lambda_.FunctionEventInvokeConfig("cfg", function_name="fn", destination_config={
                "on_failure": {"destination": named.arn}})
            """,
        ),
        {"aws:region": "eu-west-3"},
        phase="up",
    )
    config = by_name(snapshot)["cfg"]
    assert config.inputs["destinationConfig"]["onFailure"]["destination"] == "arn:aws:sqs:eu-west-3:123456789012:orders"


# -- 3. transforms and dynamic providers ---------------------------------------------------------------------


def test_3_transforms_run_offline_as_under_the_engine(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi
            import pulumi_aws as aws
            us = aws.Provider("us", region="us-east-1")
            def to_us(args):
                if args.custom:
                    return pulumi.ResourceTransformResult(args.props, pulumi.ResourceOptions.merge(
                        args.opts, pulumi.ResourceOptions(provider=us)))
            def tag(args):
                if args.type_ == "aws:sqs/queue:Queue":
                    return pulumi.ResourceTransformResult({**args.props, "tags": {"moved": "yes"}}, args.opts)
            class Box(pulumi.ComponentResource):
                def __init__(self, name, opts=None):
                    super().__init__("shop:index:Box", name, None, opts)
                    aws.s3.Bucket(f"{name}-b", opts=pulumi.ResourceOptions(parent=self))
                    self.register_outputs({})
            Box("box", opts=pulumi.ResourceOptions(transforms=[to_us]))
            pulumi.runtime.register_stack_transform(tag)
            aws.sqs.Queue("q")
            """,
        )
    )
    records = by_name(snapshot)
    assert records["box-b"].provider_urn == records["us"].urn
    assert records["box-b"].inputs["region"] == "us-east-1"
    assert records["q"].inputs["tags"] == {"moved": "yes"}


def test_3_dynamic_resources_reach_the_pack_with_their_type(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            from pulumi.dynamic import CreateResult, Resource, ResourceProvider
            class P(ResourceProvider):
                def create(self, props):
                    return CreateResult("x", props)
            class Raw(Resource):
                def __init__(self, name, props):
                    super().__init__(P(), name, props)
            Raw("raw", {"bucket": "raw-exports", "region": "us-east-1"})
            """,
        )
    )
    raw = by_name(snapshot)["raw"]
    assert raw.type == "pulumi-python:dynamic:Resource"
    assert raw.provider_urn == "urn:pulumi:dev::shop::pulumi:providers:pulumi-python::default"
    analyzed, _ = wire(snapshot)
    props = analyzed["raw"]["props"]
    # The pickled provider is a top-level "__" key: the engine strips it; the rest arrives as the program gave it.
    assert props == {"bucket": "raw-exports", "region": "us-east-1"}
    # Never silent: the CLI names the resources that run their own code, whatever the pack decides.
    assert any("run code of their own" in note and "raw" in note for note in runner.run_notes(snapshot))


# -- 4. lookups ----------------------------------------------------------------------------------------------

#: terraform-provider-aws' output for the arguments in the test below (actions reverse sorted, Effect Allow).
POLICY_JSON = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": [
        "s3:ListBucket",
        "s3:GetObject"
      ],
      "Resource": "arn:aws:s3:::b/${aws:username}/*",
      "Principal": {
        "AWS": [
          "arn:aws:iam::123456789012:root",
          "arn:aws:iam::111111111111:root"
        ],
        "Service": "lambda.amazonaws.com"
      },
      "Condition": {
        "StringEquals": {
          "aws:SourceVpce": [
            "vpce-2",
            "vpce-1"
          ]
        }
      }
    },
    {
      "Effect": "Deny",
      "NotAction": "s3:*",
      "Resource": "*"
    }
  ]
}"""


def test_4_lookups_exact_from_config_or_marked(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi
            import pulumi_aws as aws
            doc = aws.iam.get_policy_document(statements=[
                {"sid": "Read", "actions": ["s3:GetObject", "s3:ListBucket", "s3:GetObject"],
                 "resources": ["arn:aws:s3:::b/&{aws:username}/*"],
                 "principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111111111111:root",
                                                                "arn:aws:iam::123456789012:root"]},
                                {"type": "Service", "identifiers": ["lambda.amazonaws.com"]}],
                 "conditions": [{"test": "StringEquals", "variable": "aws:SourceVpce",
                                 "values": ["vpce-2", "vpce-1"]}]},
                aws.iam.GetPolicyDocumentStatementArgs(effect="Deny", not_actions=["s3:*"], resources=["*"]),
            ])
            us = aws.Provider("us", region="us-east-1")
            region = aws.get_region(opts=pulumi.InvokeOptions(provider=us))
            ami = aws.ec2.get_ami(most_recent=True, owners=["amazon"])
            aws.ssm.Parameter("doc", type="String", value=doc.json,
                              description=f"{region.region} {ami.id} {len(ami.block_device_mappings)}")
            """,
        )
    )
    parameter = by_name(snapshot)["doc"]
    assert parameter.inputs["value"] == Secret(POLICY_JSON)  # an SSM parameter's value is a secret input
    description = parameter.inputs["description"]
    assert description.startswith("us-east-1 ")  # through the invoke's provider, not the stack's region
    assert aws.OFFLINE_LOOKUP_TOKEN in description
    assert description.endswith(" 1")
    assert snapshot.notes["lookups"]["aws:ec2/getAmi:getAmi"] == "placeholder"


# -- 5, 6, 7, 8: what Check and CheckConfig send ----------------------------------------------------------


def test_5_to_8_analyze_sees_checked_inputs_and_provider_config(tmp_path: Path) -> None:
    snapshot = run_program(
        program(
            tmp_path,
            """
            import pulumi
            import pulumi_aws as aws
            topic = aws.sns.Topic("owner")
            tagged = aws.Provider("tagged", default_tags={"tags": {"owner": topic.arn}})
            aws.s3.Bucket("billing", tags={"data-class": "billing"}, opts=pulumi.ResourceOptions(provider=tagged))
            aws.s3.Bucket("plain", versioning={"enabled": True})
            aws.s3.Bucket.get("existing", "existing-bucket")
            """,
        ),
        "shop",
        "dev",
        {},
        set(),
        60,
        environ={"AWS_DEFAULT_REGION": "eu-west-3", "PATH": "/usr/bin:/bin"},
    )
    records = by_name(snapshot)
    default = records[f"default_{AWS_VERSION.replace('.', '_')}"]
    # 7: no aws:region anywhere in config: the default provider and aws.Provider take it from the environment.
    assert default.inputs["region"] == "eu-west-3"
    assert snapshot.notes["region_from_environment"] == {default.urn: "AWS_DEFAULT_REGION"}
    # 8: CheckConfig defaults, as strings; 5: region filled into the resource; 6: tagsAll unknown.
    assert default.inputs["skipRegionValidation"] == "true"
    assert default.inputs["skipMetadataApiCheck"] == "true"
    assert records["plain"].inputs["region"] == "eu-west-3"
    assert records["plain"].inputs["tagsAll"] == {}
    assert records["billing"].inputs["tagsAll"] is UNKNOWN
    assert records["billing"].inputs["tags"] == {"data-class": "billing"}

    analyzed, stacked = wire(snapshot)
    assert analyzed["plain"]["props"]["region"] == "eu-west-3"
    assert analyzed["billing"]["props"]["tagsAll"] == "<unknown>"
    # defaultTags travels as a JSON string, wholly unknown when any part is.
    assert analyzed["billing"]["provider"]["defaultTags"] == "<unknown>"
    assert analyzed["plain"]["provider"]["skipMetadataApiCheck"] == "true"
    # 8: reads go to neither Analyze nor AnalyzeStack; AnalyzeStack carries options.parent.
    assert "existing" not in analyzed
    assert "existing" not in stacked
    assert stacked["plain"]["optsParent"] == "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"


def test_6_tags_all_merges_known_default_tags_with_resource_tags_winning(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi
            import pulumi_aws as aws
            p = aws.Provider("p", region="eu-west-3", default_tags={"tags": {"data-class": "x", "team": "a"}})
            aws.sqs.Queue("q", tags={"data-class": "billing"}, opts=pulumi.ResourceOptions(provider=p))
            """,
        )
    )
    queue = by_name(snapshot)["q"]
    assert queue.inputs["tagsAll"] == {"data-class": "billing", "team": "a"}
    # The Python SDK sends non-string provider inputs as JSON text; the engine passes that text on.
    assert by_name(snapshot)["p"].inputs["defaultTags"] == '{"tags": {"data-class": "x", "team": "a"}}'


def test_7_without_any_region_the_provider_has_none(tmp_path: Path) -> None:
    snapshot = run(program(tmp_path, "import pulumi_aws as aws\naws.sqs.Queue('q')\n"), {})
    queue = by_name(snapshot)["q"]
    assert "region" not in queue.inputs
    assert snapshot.notes["region_from_environment"] == {}


def test_8_nested_defaults_reach_the_pack(tmp_path: Path) -> None:
    from residency.engine.wire import to_struct

    props = {"__defaults": [], "versioning": {"__defaults": [], "enabled": True}}
    assert dict(to_struct(props)["versioning"]) == {"__defaults": [], "enabled": True}
    assert "__defaults" not in to_struct(props)


# -- 9. partitions -------------------------------------------------------------------------------------------


def test_9_arns_use_botocore_partitions(tmp_path: Path) -> None:
    snapshot = run(
        program(tmp_path, "import pulumi_aws as aws\naws.sqs.Queue('q', name='q')\naws.s3.Bucket('b', bucket='b')\n"),
        {"aws:region": "eu-isoe-west-1"},
        phase="up",
    )
    records = by_name(snapshot)
    assert records["q"].outputs["arn"] == "arn:aws-iso-e:sqs:eu-isoe-west-1:123456789012:q"
    assert records["b"].outputs["arn"] == "arn:aws-iso-e:s3:::b"



def test_9_api_gateway_arns_are_written_as_aws_writes_them(tmp_path: Path) -> None:
    # An API's id is generated by AWS, not its name; its ARN and its stages' have no account.
    source = textwrap.dedent("""\
        import pulumi_aws as aws
        api = aws.apigateway.RestApi("api", name="orders")
        aws.apigateway.Stage("prod", rest_api=api.id, stage_name="prod", deployment="d")
        http = aws.apigatewayv2.Api("http", name="orders-http", protocol_type="HTTP")
        aws.apigatewayv2.Stage("default", api_id=http.id, name="$default")
        """)
    records = by_name(run(program(tmp_path, source), {"aws:region": "eu-west-3"}, phase="up"))
    api_id, http_id = records["api"].outputs["id"], records["http"].outputs["id"]
    assert api_id != "orders"
    assert len(api_id) == 10
    assert records["api"].outputs["arn"] == f"arn:aws:apigateway:eu-west-3::/restapis/{api_id}"
    assert records["prod"].outputs["arn"] == f"arn:aws:apigateway:eu-west-3::/restapis/{api_id}/stages/prod"
    assert records["prod"].outputs["invokeUrl"] == f"https://{api_id}.execute-api.eu-west-3.amazonaws.com/prod"
    assert records["http"].outputs["arn"] == f"arn:aws:apigateway:eu-west-3::/apis/{http_id}"
    assert records["default"].outputs["arn"] == f"arn:aws:apigateway:eu-west-3::/apis/{http_id}/stages/$default"
    # At preview they are unknown, as the engine sends them.
    preview = by_name(run(program(tmp_path, source), {"aws:region": "eu-west-3"}))
    assert preview["prod"].outputs["arn"] is UNKNOWN

# -- 10. the project's interpreter ---------------------------------------------------------------------------


def _project(directory: Path, options: str) -> Path:
    header = "name: p\nruntime:\n  name: python\n  options:\n"
    (directory / "Pulumi.yaml").write_text(header + options, encoding="utf-8")
    (directory / "Pulumi.dev.yaml").write_text("config:\n  aws:region: eu-west-3\n", encoding="utf-8")
    (directory / "__main__.py").write_text("import pulumi\n", encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("options", "venv"),
    [("    virtualenv: venv\n", "venv"), ("    toolchain: uv\n", ".venv"), ("    toolchain: poetry\n", ".venv")],
)
def test_10_the_projects_virtualenv_is_used_and_a_missing_one_is_one_paragraph(
    tmp_path: Path, options: str, venv: str
) -> None:
    directory = _project(tmp_path, options)
    if venv == ".venv" and "poetry" in options:
        (directory / ".venv").mkdir()
    project = load_project(directory)
    with pytest.raises(ProjectError) as raised:
        interpreter(project)
    message = str(raised.value)
    assert "pulumi install" in message
    assert "--python" in message
    assert "\n" not in message
    (directory / venv / "bin").mkdir(parents=True, exist_ok=True)
    (directory / venv / "bin" / "python").write_text("", encoding="utf-8")
    assert interpreter(load_project(directory)) == directory / venv / "bin" / "python"


def test_3_invoke_transforms_change_the_lookup_as_under_the_engine(tmp_path: Path) -> None:
    snapshot = run(
        program(
            tmp_path,
            """
            import pulumi
            import pulumi_aws as aws
            def to_frankfurt(args):
                if args.token == "aws:index/getRegion:getRegion":
                    return pulumi.InvokeTransformResult({**args.args, "region": "eu-central-1"}, args.opts)
            pulumi.runtime.register_invoke_transform(to_frankfurt)
            aws.sqs.Queue("q", name=f"q-{aws.get_region().region}")
            """,
        )
    )
    assert by_name(snapshot)["q"].inputs["name"] == "q-eu-central-1"


# -- 8. state files that the engine writes but protobuf cannot carry --------------------------------------


def test_8_audit_of_a_state_with_unreadable_values_decides_instead_of_crashing() -> None:
    from residency.engine.state import parse_state

    urn = "urn:pulumi:prod::shop::aws:sqs/queue:Queue::q"
    document = {
        "version": 3,
        "deployment": {
            "resources": [
                {
                    "urn": urn,
                    "type": "aws:sqs/queue:Queue",
                    "custom": True,
                    "id": "q",
                    "inputs": {"delaySeconds": float("nan")},
                    "outputs": {
                        "delaySeconds": float("inf"),
                        "name": "q\udc80",
                        "blob": {"4dabf18193072939515e22adb298388d": "0123456789abcdef0123456789abcdef", "b": "AA=="},
                    },
                }
            ]
        },
    }
    snapshot = parse_state(document)
    _, stacked = wire(snapshot)
    assert stacked["q"]["props"] == {"delaySeconds": "<unknown>", "name": "<unknown>", "blob": "<unknown>"}


# -- 10. the child runs in an interpreter that has nothing but pulumi -------------------------------------


def test_10_the_offline_runner_needs_only_pulumi_in_the_projects_interpreter(tmp_path: Path) -> None:
    # Every third-party package of the tool that pulumi does not depend on (pyyaml, grpc, protobuf) is blocked.
    blocked = tmp_path / "blocked"
    for name in ("botocore", "pydantic", "typer", "rich", "jsonschema", "pycountry", "pulumi_policy"):
        (blocked / name).mkdir(parents=True)
        (blocked / name / "__init__.py").write_text(f"raise ImportError('{name} is not in this interpreter')\n")
    project = tmp_path / "project"
    project.mkdir()
    program(project, "import pulumi_aws as aws\naws.sqs.Queue('q', name='q')\n")
    snapshot = run_program(project, "shop", "dev", EU, set(), 60, phase="up",
                           environ={"PYTHONPATH": str(blocked), "PATH": "/usr/bin:/bin"})
    assert by_name(snapshot)["q"].outputs["arn"] == "arn:aws:sqs:eu-west-3:123456789012:q"
