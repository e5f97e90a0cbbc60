"""A real policy pack process driven over the real Analyzer protocol (the packs live in tests/engine/packs)."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from residency.engine.pack_process import Diagnostic, PackProcess
from residency.engine.policy_config import EngineError, PolicyConfigError, reconcile_policy_config
from residency.engine.records import UNKNOWN, OpaqueSecret, ResourceRecord, Secret, StackSnapshot, make_urn
from residency.engine.session import run_pack
from residency.engine.state import load_state

PACKS = Path(__file__).parent / "packs"
BASIC = PACKS / "basic"
#: Real state exports kept in the repository (tests/fixtures/pulumi-state/README.md says where each comes from).
STATES = Path(__file__).resolve().parents[1] / "fixtures" / "pulumi-state"

ROOT = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"
PROVIDER = "urn:pulumi:dev::shop::pulumi:providers:aws::default_7_51_1"


def resource(type_: str, name: str, parent: str = ROOT, **fields: object) -> ResourceRecord:
    values: dict[str, object] = {
        "urn": make_urn("dev", "shop", parent, type_, name),
        "type": type_,
        "name": name,
        "custom": True,
        "parent_urn": parent,
        "provider_urn": PROVIDER,
    }
    values.update(fields)
    return ResourceRecord(**values)  # type: ignore[arg-type]


def shop_snapshot(*extra: ResourceRecord) -> StackSnapshot:
    stack = ResourceRecord(urn=ROOT, type="pulumi:pulumi:Stack", name="shop-dev", custom=False)
    provider = ResourceRecord(
        urn=PROVIDER,
        type="pulumi:providers:aws",
        name="default_7_51_1",
        custom=True,
        inputs={"region": "eu-west-3", "version": "7.51.1"},
        outputs={"region": "eu-west-3", "version": "7.51.1"},
    )
    bucket = resource("aws:s3/bucket:Bucket", "orders", inputs={"bad": True}, outputs={"bad": True})
    component = resource(
        "shop:index:Store", "store", custom=False, provider_urn=None, outputs={"flag": True}, dependencies=(bucket.urn,)
    )
    queue = resource(
        "aws:sqs/queue:Queue",
        "store-q",
        parent=component.urn,
        inputs={"name": "q"},
        property_dependencies={"name": (bucket.urn,), "tags": ()},
    )
    return StackSnapshot(project="shop", stack="dev", resources=(stack, provider, bucket, component, queue, *extra))


@pytest.fixture(scope="module")
def pack() -> Iterator[PackProcess]:
    with PackProcess(BASIC, project="shop", stack="dev", config={"aws:region": "eu-west-3"}) as running:
        running.handshake()
        running.configure_stack(tags={"team": "data"})
        running.configure(reconcile_policy_config(running.get_analyzer_info()))
        yield running


def test_full_sequence_reports_resource_and_stack_violations() -> None:
    snapshot = shop_snapshot()
    run = run_pack(BASIC, snapshot, {"test-stack-flag": {"limit": 3}}, dry_run=True, timeout=60)

    bucket_urn = "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::orders"
    store_urn = "urn:pulumi:dev::shop::shop:index:Store::store"
    assert run.diagnostics == (
        Diagnostic(
            policy_name="test-no-bad",
            policy_pack_name="test-basic",
            policy_pack_version="1.2.3",
            message="Resources must not set bad.\norders has bad=true (provider region eu-west-3)",
            urn=bucket_urn,
            enforcement_level="mandatory",
            severity="high",
            description="Resources must not set bad.",
        ),
        Diagnostic(
            policy_name="test-stack-flag",
            policy_pack_name="test-basic",
            policy_pack_version="1.2.3",
            message=f"No resource output may have flag set.\nstore flagged (parent={ROOT} deps=orders)",
            urn=store_urn,
            enforcement_level="advisory",
            description="No resource output may have flag set.",
        ),
        Diagnostic(
            policy_name="test-stack-flag",
            policy_pack_name="test-basic",
            policy_pack_version="1.2.3",
            message="No resource output may have flag set.\n5 resources exceed the limit of 3",
            # Without a URN of its own a stack diagnostic lands on the root stack, as in a deployment.
            urn=ROOT,
            enforcement_level="advisory",
            description="No resource output may have flag set.",
        ),
    )
    # Like the engine during a preview: every registered resource is analyzed, the stack and provider included.
    assert run.analyzed == 5
    assert run.stack_analyzed == 5
    assert run.plugin_version == "1.21.0"
    assert run.policy_config["test-stack-flag"].properties == {"limit": 3}
    assert set(run.timings) >= {"start", "analyze", "stack", "total"}


def test_analyzer_info_has_the_policies_metadata(pack: PackProcess) -> None:
    info = pack.get_analyzer_info()
    assert info.name == "test-basic"
    assert info.version == "1.2.3"  # PulumiPolicy.yaml wins over the SDK's 0.0.1, as in the engine
    no_bad = info.policy("test-no-bad")
    assert no_bad is not None
    assert (no_bad.enforcement_level, no_bad.severity, no_bad.remediation_steps, no_bad.policy_type) == (
        "mandatory",
        "high",
        "Unset bad.",
        "resource",
    )
    stack_flag = info.policy("test-stack-flag")
    assert stack_flag is not None
    assert stack_flag.policy_type == "stack"
    assert stack_flag.config_schema == {"limit": {"type": "integer", "default": 100.0}}


def test_analyze_fills_in_the_resource_urn(pack: PackProcess) -> None:
    provider = shop_snapshot().resources[1]
    record = resource("aws:s3/bucket:Bucket", "b", inputs={"bad": True})
    diagnostics = pack.analyze(record, provider)
    assert [(d.policy_name, d.urn, d.enforcement_level) for d in diagnostics] == [
        ("test-no-bad", record.urn, "mandatory")
    ]
    assert diagnostics[0].message.endswith("(provider region eu-west-3)")
    assert pack.analyze(resource("aws:s3/bucket:Bucket", "good", inputs={"bad": False}), provider) == []


def test_component_without_provider_is_analyzed(pack: PackProcess) -> None:
    component = resource("shop:index:Store", "s", custom=False, provider_urn=None, inputs={"bad": True})
    [diagnostic] = pack.analyze(component, None)
    assert diagnostic.message.endswith("s has bad=true (provider region None)")


@pytest.mark.parametrize(
    ("value", "reported"),
    [
        (Secret("s3cret"), "'s3cret'"),
        (3, "3.0"),
        ({"nested": [True, None]}, "{'nested': [True, None]}"),
    ],
)
def test_values_arrive_as_the_engine_sends_them(pack: PackProcess, value: object, reported: str) -> None:
    [diagnostic] = pack.analyze(resource("aws:sqs/queue:Queue", "q", inputs={"echo": value}), None)
    assert diagnostic.message == f"Echo.\n{reported}"


@pytest.mark.parametrize("value", [UNKNOWN, OpaqueSecret()])
def test_unknown_values_make_the_policy_advisory(pack: PackProcess, value: object) -> None:
    [diagnostic] = pack.analyze(resource("aws:sqs/queue:Queue", "q", inputs={"echo": value}), None)
    assert diagnostic.enforcement_level == "advisory"
    assert "can't run policy 'test-echo'" in diagnostic.message
    assert "during preview" in diagnostic.message


def test_analyze_stack_keeps_known_urns_and_defaults_the_rest(pack: PackProcess) -> None:
    records = shop_snapshot().resources
    diagnostics = pack.analyze_stack(records, default_urn="fallback")
    assert [d.urn for d in diagnostics] == ["urn:pulumi:dev::shop::shop:index:Store::store"]
    flagged = [dataclasses.replace(r, outputs={"flag": True}) for r in records[2:3]]
    assert [d.urn for d in pack.analyze_stack(flagged, default_urn="fallback")] == [flagged[0].urn]


def test_remediation_rewrites_what_analyze_sees() -> None:
    fixable = resource("aws:s3/bucket:Bucket", "fixme", inputs={"bad": "fixable"})
    run = run_pack(BASIC, shop_snapshot(fixable), None, dry_run=True, timeout=60)
    [remediation] = [r for r in run.remediations if r.urn == fixable.urn]
    assert remediation.policy_name == "test-fix"
    assert remediation.properties == {"bad": False, "fixed": True}
    assert not [d for d in run.diagnostics if d.urn == fixable.urn]


def test_engine_service_receives_logs_and_pack_output_is_collected() -> None:
    running = PackProcess(BASIC, project="shop", stack="dev", config={"aws:region": "eu-west-3"})
    with running:
        running.configure(reconcile_policy_config(running.get_analyzer_info()))
        with grpc.insecure_channel(running.engine_address) as channel:
            engine = engine_pb2_grpc.EngineStub(channel)
            engine.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message="from a client", urn="u"))
            assert engine.GetRootResource(engine_pb2.GetRootResourceRequest()).urn == ROOT
        running.analyze(resource("aws:sqs/queue:Queue", "q", inputs={"log": "hello"}), None)
    # Read after close(): it joins the threads that drain the pack's output, so nothing is still in flight.
    logs = running.logs
    assert any(m.source == "engine" and m.severity == "warning" and m.message == "from a client" for m in logs)
    # pulumi_policy never connects to the engine address: pulumi.log inside a pack writes to stderr.
    assert any(m.source == "stderr" and "pack log: hello" in m.message for m in logs)


def test_policy_config_is_reconciled_and_validated(pack: PackProcess) -> None:
    info = pack.get_analyzer_info()
    defaults = reconcile_policy_config(info)
    assert defaults["test-stack-flag"].properties == {"limit": 100.0}
    assert defaults["test-no-bad"].enforcement_level == "mandatory"
    everything = reconcile_policy_config(info, {"all": "disabled", "test-echo": {"enforcementLevel": "advisory"}})
    assert {name: c.enforcement_level for name, c in everything.items()} == {
        "test-fix": "disabled",
        "test-no-bad": "disabled",
        "test-stack-flag": "disabled",
        "test-echo": "advisory",
        "all": "disabled",
    }
    with pytest.raises(PolicyConfigError, match=r"test-stack-flag: limit: 'many' is not of type 'integer'"):
        reconcile_policy_config(info, {"test-stack-flag": {"limit": "many"}})
    with pytest.raises(PolicyConfigError, match="'sometimes' is not a valid enforcement level"):
        reconcile_policy_config(info, {"test-no-bad": "sometimes"})
    with pytest.raises(PolicyConfigError, match="typo-policy: invalid enforcement level ''"):
        reconcile_policy_config(info, {"typo-policy": {"limit": 1}})


def test_disabled_policies_report_nothing() -> None:
    run = run_pack(BASIC, shop_snapshot(), {"all": "disabled"}, dry_run=True, timeout=60)
    assert run.diagnostics == ()


def test_check_mode_over_a_state_file_skips_providers() -> None:
    snapshot = load_state(STATES / "pulumi__pulumi-aws__bucket-5.42.0.json")
    bucket = snapshot.resources[2]
    bad = dataclasses.replace(bucket, inputs={**bucket.inputs, "bad": True})
    snapshot = dataclasses.replace(snapshot, resources=(*snapshot.resources[:2], bad))
    run = run_pack(BASIC, snapshot, None, dry_run=True, timeout=60)
    assert run.analyzed == 2  # the stack and the bucket; `pulumi policy analyze` skips providers
    [diagnostic] = run.diagnostics
    assert diagnostic.urn == bucket.urn
    # The explicit provider of this export has no region: the pack sees exactly that.
    assert diagnostic.message.endswith("(provider region None)")


def test_pack_that_crashes_on_start() -> None:
    snapshot = shop_snapshot()
    with pytest.raises(EngineError, match="exited with code 1 before it started serving") as caught:
        run_pack(PACKS / "crash_on_start", snapshot, None, dry_run=True, timeout=60)
    assert "CRASH_MARKER" in str(caught.value)


def test_pack_that_exits_mid_run() -> None:
    dying = resource("aws:sqs/queue:Queue", "poison", inputs={"die": True})
    with pytest.raises(EngineError, match="exited with code 3 during Analyze") as caught:
        run_pack(PACKS / "misbehaves", shop_snapshot(dying), None, dry_run=True, timeout=60)
    assert "dying on poison" in str(caught.value)


def test_pack_that_hangs_is_stopped_at_the_time_limit() -> None:
    hanging = resource("aws:sqs/queue:Queue", "stuck", inputs={"hang": True})
    began = time.monotonic()
    with pytest.raises(EngineError, match="did not answer Analyze in time"):
        run_pack(PACKS / "misbehaves", shop_snapshot(hanging), None, dry_run=True, timeout=3)
    assert time.monotonic() - began < 10


def test_pack_that_prints_before_serving() -> None:
    with pytest.raises(EngineError, match="printed 'hello from the pack' where the engine expects its port"):
        run_pack(PACKS / "prints_first", shop_snapshot(), None, dry_run=True, timeout=60)


def test_directory_without_pulumipolicy_yaml(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"has no PulumiPolicy\.yaml"):
        run_pack(tmp_path, shop_snapshot(), None, dry_run=True, timeout=60)


def test_calls_after_close_fail_clearly() -> None:
    process = PackProcess(BASIC, project="shop", stack="dev")
    process.start()
    assert process.returncode is None
    process.close()
    process.close()
    with pytest.raises(EngineError, match="not running"):
        process.get_plugin_info()
