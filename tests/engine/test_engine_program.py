"""run_program: a Pulumi program run under mocks in a child process, captured the way the engine sees it."""

from __future__ import annotations

import textwrap
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from residency.engine.program import ProgramError, record_from_json, record_to_json, run_program
from residency.engine.records import UNKNOWN, ResourceRecord, Secret, StackSnapshot
from residency.engine.session import run_pack

AWS_VERSION = version("pulumi-aws")
DEFAULT_PROVIDER = f"urn:pulumi:dev::shop::pulumi:providers:aws::default_{AWS_VERSION.replace('.', '_')}"
ROOT = "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"


def write_program(directory: Path, source: str, name: str = "__main__.py") -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def run(
    directory: Path,
    config: dict[str, str] | None = None,
    secret_keys: set[str] | None = None,
    timeout: float = 60,
    **kwargs: object,
) -> StackSnapshot:
    return run_program(
        directory,
        "shop",
        "dev",
        config if config is not None else {"aws:region": "eu-west-3"},
        secret_keys or set(),
        timeout,
        **kwargs,
    )  # type: ignore[arg-type]


def by_name(snapshot: StackSnapshot) -> dict[str, ResourceRecord]:
    return {r.name: r for r in snapshot.resources}


def test_default_provider_comes_from_aws_config(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi_aws as aws
        aws.s3.Bucket("orders", bucket="orders-eu")
        aws.sqs.Queue("jobs")
    """,
    )
    config = {"aws:region": "eu-west-3", "aws:skipCredentialsValidation": "true", "shop:zone": "eu"}
    snapshot = run(tmp_path, config, phase="up")
    records = by_name(snapshot)
    provider = records[f"default_{AWS_VERSION.replace('.', '_')}"]
    assert provider.urn == DEFAULT_PROVIDER
    assert provider.type == "pulumi:providers:aws"
    # The config, then what CheckConfig adds: the engine sends the provider's checked inputs.
    assert provider.inputs == {
        "region": "eu-west-3",
        "skipCredentialsValidation": "true",
        "skipMetadataApiCheck": "true",
        "skipRegionValidation": "true",
        "version": AWS_VERSION,
    }
    assert provider.parent_urn is None  # the engine gives default providers no parent

    stack = records["shop-dev"]
    assert (stack.urn, stack.custom, stack.parent_urn) == (ROOT, False, None)

    bucket, queue = records["orders"], records["jobs"]
    assert bucket.urn == "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::orders"
    assert bucket.parent_urn == ROOT
    assert bucket.provider_urn == DEFAULT_PROVIDER
    assert bucket.provider_id == provider.id
    # After Check: the provider's region filled in (applyRegion) and tagsAll computed (applyTags).
    assert bucket.inputs == {"bucket": "orders-eu", "region": "eu-west-3", "tagsAll": {}}
    assert bucket.outputs["arn"] == "arn:aws:s3:::orders-eu"  # S3 bucket ARNs carry no region
    assert bucket.outputs["region"] == "eu-west-3"
    assert queue.outputs["region"] == "eu-west-3"
    assert queue.outputs["arn"].startswith("arn:aws:sqs:eu-west-3:123456789012:")
    assert snapshot.source == "program"
    assert snapshot.config["shop:zone"] == "eu"
    # The order is the registration order: the stack first, the default provider before its first user.
    assert [r.name for r in snapshot.resources].index(provider.name) < [r.name for r in snapshot.resources].index(
        "orders"
    )


def test_explicit_provider_and_partitions(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi
        import pulumi_aws as aws
        cn = aws.Provider("cn", region="cn-north-1", skip_region_validation=True)
        aws.sqs.Queue("beijing", opts=pulumi.ResourceOptions(provider=cn))
        aws.sqs.Queue("gov", region="us-gov-west-1")
        aws.sqs.Queue("sovereign", region="eusc-de-east-1")
        aws.sqs.Queue("frankfurt", region="eu-central-1", opts=pulumi.ResourceOptions(provider=cn))
        aws.s3.Bucket("cn-bucket", bucket="b", opts=pulumi.ResourceOptions(provider=cn))
    """,
    )
    records = by_name(run(tmp_path, phase="up"))
    cn = records["cn"]
    assert cn.urn == "urn:pulumi:dev::shop::pulumi:providers:aws::cn"
    assert cn.parent_urn == ROOT
    assert cn.inputs == {
        "region": "cn-north-1",
        "skipCredentialsValidation": "false",
        "skipMetadataApiCheck": "true",
        "skipRegionValidation": "true",
        "version": AWS_VERSION,
    }
    assert records["beijing"].provider_urn == cn.urn
    assert records["beijing"].outputs["arn"].startswith("arn:aws-cn:sqs:cn-north-1:123456789012:")
    assert records["gov"].outputs["arn"].startswith("arn:aws-us-gov:sqs:us-gov-west-1:")
    assert records["sovereign"].outputs["arn"].startswith("arn:aws-eusc:sqs:eusc-de-east-1:")
    # A per-resource region wins over the provider's.
    assert records["frankfurt"].outputs["region"] == "eu-central-1"
    assert records["frankfurt"].outputs["arn"].startswith("arn:aws:sqs:eu-central-1:")
    assert records["cn-bucket"].outputs["arn"] == "arn:aws-cn:s3:::b"


def test_global_resources_have_no_region(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import json
        import pulumi_aws as aws
        aws.iam.Role("runner", name="runner", assume_role_policy=json.dumps({"Version": "2012-10-17"}))
    """,
    )
    role = by_name(run(tmp_path, phase="up"))["runner"]
    assert "region" not in role.outputs
    assert role.outputs["arn"] == "arn:aws:iam::123456789012:role/runner"


def test_unknown_region_leaves_region_and_arn_unknown(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi_aws as aws
        aws.sqs.Queue("nowhere")
    """,
    )
    queue = by_name(run(tmp_path, {}, environ={}))["nowhere"]
    # No region anywhere (config or environment): nothing to fill in, and nothing to compute an ARN from.
    assert "region" not in queue.inputs
    assert "region" not in queue.outputs
    assert queue.outputs["arn"] is UNKNOWN


def test_components_parents_and_dependencies(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi
        import pulumi_aws as aws

        class Inner(pulumi.ComponentResource):
            def __init__(self, name, opts=None):
                super().__init__("shop:index:Inner", name, None, opts)
                self.queue = aws.sqs.Queue(f"{name}-q", opts=pulumi.ResourceOptions(parent=self))
                self.register_outputs({"queueUrl": self.queue.url})

        class Outer(pulumi.ComponentResource):
            def __init__(self, name, opts=None):
                super().__init__("shop:index:Outer", name, None, opts)
                self.inner = Inner(f"{name}-inner", opts=pulumi.ResourceOptions(parent=self))
                self.register_outputs({})

        bucket = aws.s3.Bucket("data", bucket="data-bucket")
        outer = Outer("store")
        aws.sqs.Queue(
            "after",
            name=bucket.bucket.apply(lambda b: f"{b}-events"),
            opts=pulumi.ResourceOptions(depends_on=[outer], protect=True, aliases=[pulumi.Alias(name="old")]),
        )
        pulumi.export("bucketName", bucket.bucket)
    """,
    )
    records = by_name(run(tmp_path))
    outer, inner, leaf = records["store"], records["store-inner"], records["store-inner-q"]
    assert outer.urn == "urn:pulumi:dev::shop::shop:index:Outer::store"
    assert inner.urn == "urn:pulumi:dev::shop::shop:index:Outer$shop:index:Inner::store-inner"
    assert leaf.urn == "urn:pulumi:dev::shop::shop:index:Outer$shop:index:Inner$aws:sqs/queue:Queue::store-inner-q"
    assert (outer.parent_urn, inner.parent_urn, leaf.parent_urn) == (ROOT, outer.urn, inner.urn)
    assert not outer.custom
    assert outer.provider_urn is None
    assert leaf.provider_urn == DEFAULT_PROVIDER
    # A component's outputs are what it registered; unknown during a preview.
    assert inner.outputs == {"queueUrl": UNKNOWN}

    after = records["after"]
    bucket_urn = "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::data"
    assert after.inputs["name"] == "data-bucket-events"
    assert set(after.dependencies) == {bucket_urn, leaf.urn}  # the SDK expands a component into its children
    assert after.property_dependencies["name"] == (bucket_urn,)
    assert after.protect is True
    assert after.aliases == ("urn:pulumi:dev::shop::aws:sqs/queue:Queue::old",)
    assert records["shop-dev"].outputs == {"bucketName": "data-bucket"}


def test_secret_config_stays_secret(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi
        import pulumi_aws as aws
        password = pulumi.Config().require_secret("dbPassword")
        aws.ssm.Parameter("password", type="SecureString", value=password)
    """,
    )
    config = {"aws:region": "eu-west-3", "aws:accessKey": "AKIAEXAMPLE", "shop:dbPassword": "hunter2"}
    snapshot = run(tmp_path, config, {"shop:dbPassword", "aws:accessKey"})
    records = by_name(snapshot)
    assert records["password"].inputs["value"] == Secret("hunter2")
    assert records["password"].outputs["value"] == Secret("hunter2")
    assert snapshot.config["shop:dbPassword"] == Secret("hunter2")
    provider = next(r for r in snapshot.resources if r.urn == DEFAULT_PROVIDER)
    assert provider.inputs["accessKey"] == Secret("AKIAEXAMPLE")
    assert "hunter2" not in repr(snapshot)
    assert "AKIAEXAMPLE" not in repr(snapshot)


def test_invokes_answer_with_the_provider_region(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi_aws as aws
        region = aws.get_region()
        account = aws.get_caller_identity()
        aws.sqs.Queue("named", name=f"{region.region}-{account.account_id}")
    """,
    )
    assert by_name(run(tmp_path))["named"].inputs["name"] == "eu-west-3-123456789012"


def test_main_path_and_sibling_imports(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        NAME = "from-helper"
    """,
        "src/helper.py",
    )
    source = """
        import pulumi_aws as aws
        from helper import NAME
        aws.sqs.Queue(NAME)
    """
    write_program(tmp_path, source, "src/__main__.py")
    main = write_program(tmp_path, source, "src/app.py")
    assert "from-helper" in by_name(run(tmp_path, main=tmp_path / "src"))
    assert "from-helper" in by_name(run(tmp_path, main=main))


def test_program_error_has_a_trimmed_traceback(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi

        def check(zone):
            if zone != "eu":
                raise ValueError(f"zone must be eu, not {zone}")

        check(pulumi.Config().get("zone"))
    """,
    )
    with pytest.raises(ProgramError) as caught:
        run(tmp_path, {"shop:zone": "us"})
    error = caught.value
    assert "ValueError: zone must be eu, not us" in error.message
    assert str(tmp_path / "__main__.py") in str(error)
    assert 'raise ValueError(f"zone must be eu, not {zone}")' in str(error)
    assert "runpy" not in str(error)
    assert "pulumi/runtime" not in str(error)
    assert "runpy" in error.full_traceback


def test_duplicate_urns_fail_like_the_engine(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi_aws as aws
        aws.sqs.Queue("same")
        aws.sqs.Queue("same")
    """,
    )
    with pytest.raises(ProgramError, match="Duplicate resource URN 'urn:pulumi:dev::shop::aws:sqs/queue:Queue::same'"):
        run(tmp_path)


def test_sys_exit_is_a_failure(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import sys
        sys.exit(2)
    """,
    )
    with pytest.raises(ProgramError, match=r"sys.exit\(2\)"):
        run(tmp_path)


def test_program_that_prints_a_lot(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import sys
        import pulumi_aws as aws
        line = "x" * 1023 + "\\n"
        for _ in range(5 * 1024):
            sys.stdout.write(line)
            sys.stderr.write(line)
        aws.sqs.Queue("loud")
    """,
    )
    assert "loud" in by_name(run(tmp_path))


def test_program_that_never_finishes(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import time
        while True:
            time.sleep(60)
    """,
    )
    began = time.monotonic()
    with pytest.raises(ProgramError, match="did not finish within 3 s"):
        run(tmp_path, timeout=3)
    assert time.monotonic() - began < 15


def test_missing_entry_point(tmp_path: Path) -> None:
    with pytest.raises(ProgramError, match="does not exist"):
        run(tmp_path, main=tmp_path / "missing.py")


def test_records_survive_the_json_round_trip() -> None:
    record = ResourceRecord(
        urn="urn:pulumi:dev::shop::aws:sqs/queue:Queue::q",
        type="aws:sqs/queue:Queue",
        name="q",
        custom=True,
        inputs={"a": Secret([1.0]), "u": UNKNOWN},
        outputs={"arn": "arn:aws:sqs:eu-west-3:123456789012:q"},
        property_dependencies={"a": ("x",)},
        delete_before_replace=True,
    )
    assert record_from_json(record_to_json(record)) == record


def test_secret_region_keeps_derived_outputs_secret(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi_aws as aws
        aws.sqs.Queue("hidden", name="hidden")
        """,
    )
    queue = by_name(run(tmp_path, {"aws:region": "eu-west-3"}, {"aws:region"}, phase="up"))["hidden"]
    assert queue.outputs["region"] == Secret("eu-west-3")
    assert queue.outputs["arn"] == Secret("arn:aws:sqs:eu-west-3:123456789012:hidden")


def test_program_snapshot_runs_through_a_pack(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi
        pulumi.CustomResource("test:index:Thing", "thing", {"bad": True})
        """,
    )
    snapshot = run(tmp_path)
    records = by_name(snapshot)
    # Any package gets the engine's default provider; without a version it is plain "default".
    assert records["thing"].provider_urn == "urn:pulumi:dev::shop::pulumi:providers:test::default"
    run_result = run_pack(Path(__file__).parent / "packs" / "basic", snapshot, None, dry_run=True, timeout=60)
    [diagnostic] = run_result.diagnostics
    assert diagnostic.urn == "urn:pulumi:dev::shop::test:index:Thing::thing"
    assert diagnostic.message.endswith("thing has bad=true (provider region None)")
    assert run_result.analyzed == 3  # the stack, the default provider and the resource


def test_disabled_default_providers_are_refused(tmp_path: Path) -> None:
    write_program(
        tmp_path,
        """
        import pulumi
        import pulumi_aws as aws
        eu = aws.Provider("eu", region="eu-west-3")
        aws.sqs.Queue("pinned", opts=pulumi.ResourceOptions(provider=eu))
        aws.sqs.Queue("ambient")
        """,
    )
    config = {"aws:region": "eu-west-3", "pulumi:disable-default-providers": '["*"]'}
    with pytest.raises(
        ProgramError,
        match=r"Default provider for 'aws' disabled\. 'urn:pulumi:dev::shop::aws:sqs/queue:Queue::ambient' "
        r"must use an explicit provider\.",
    ):
        run(tmp_path, config)
    write_program(tmp_path, "import pulumi_aws as aws\naws.sqs.Queue('ambient')\n")
    assert "ambient" in by_name(run(tmp_path, {"pulumi:disable-default-providers": '["kubernetes"]'}))
