"""``s3://`` DIY backends against a real S3 API: moto's server on 127.0.0.1, reached through boto3 and the CLI.

The bucket holds two backends, one with gzip on and one with it off, with several projects each, and everything
Pulumi keeps beside the stacks (backups, history, locks, retained checkpoints), which must be skipped.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from audit_harness import backend_files, sample_stacks

from residency import audit, backends

RESIDENCY = Path(sys.executable).with_name("residency")


def upload(endpoint: str, files: dict[str, bytes], prefix: str = "") -> str:
    """A fresh bucket holding ``files`` under ``prefix``; returns its name."""
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    bucket = f"states-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    for key, data in files.items():
        client.put_object(Bucket=bucket, Key=f"{prefix}/{key}" if prefix else key, Body=data)
    return bucket


@pytest.fixture
def two_backends(s3_endpoint: str, aws_env: dict[str, str]) -> str:
    """One bucket: ``plain/`` (gzip off) and ``zipped/`` (gzip on), three stacks of two projects each."""
    files = {f"plain/{k}": v for k, v in backend_files(sample_stacks()).items()}
    files |= {f"zipped/{k}": v for k, v in backend_files(sample_stacks(), gzip_on=True).items()}
    return upload(s3_endpoint, files)


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PULUMI_"))}
    return subprocess.run(
        [str(RESIDENCY), *args], capture_output=True, text=True, env={**clean, **env, "NO_COLOR": "1"}, check=False
    )


@pytest.mark.parametrize("prefix", ["plain", "zipped"])
def test_discovery_reads_the_layout(two_backends: str, s3_endpoint: str, prefix: str) -> None:
    found = backends.discover([f"s3://{two_backends}/{prefix}"], endpoint_url=s3_endpoint)
    assert not found.problems
    assert [s.hint for s in found.sources] == ["identity/prod", "payments/prod", "payments/staging"]
    suffix = ".json.gz" if prefix == "zipped" else ".json"
    for source in found.sources:
        assert source.label.startswith(f"s3://{two_backends}/{prefix}/.pulumi/stacks/")
        assert source.label.endswith(suffix)
        assert json.loads(backends.read_state(source))["checkpoint"]["stack"].endswith(source.hint)


def test_the_cli_audits_both_backends_through_the_endpoint(
    two_backends: str, s3_endpoint: str, aws_env: dict[str, str], tmp_path: Path
) -> None:
    run = run_cli(
        "audit",
        f"s3://{two_backends}/plain",
        f"s3://{two_backends}/zipped",
        "--endpoint-url",
        s3_endpoint,
        "--format",
        "json",
        "--jobs",
        "2",
        env=aws_env,
    )
    assert run.returncode == 1, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    stacks = report["stacks"]
    assert len(stacks) == 6
    assert all(s["error"] is None for s in stacks)
    assert report["summary"]["stacks"] == 6
    # The same three stacks, read from the gzip and the plain backend, give the same findings.
    plain = [s for s in stacks if "/plain/" in s["source"]]
    zipped = [s for s in stacks if "/zipped/" in s["source"]]
    assert [(s["project"], s["stack"], s["violations"], s["undetermined"]) for s in plain] == [
        (s["project"], s["stack"], s["violations"], s["undetermined"]) for s in zipped
    ]
    assert sum(len(s["violations"]) for s in stacks) > 0


def test_the_endpoint_can_be_given_in_the_url(two_backends: str, s3_endpoint: str, aws_env: dict[str, str]) -> None:
    host = s3_endpoint.removeprefix("http://")
    run = run_cli(
        "audit",
        f"s3://{two_backends}/zipped?endpoint={host}&disableSSL=true&s3ForcePathStyle=true",
        "-f",
        "json",
        env=aws_env,
    )
    assert run.returncode == 1, run.stderr
    assert len(json.loads(run.stdout)["stacks"]) == 3


def test_a_missing_bucket_is_reported_and_the_others_still_audited(
    two_backends: str, s3_endpoint: str, aws_env: dict[str, str]
) -> None:
    run = run_cli(
        "audit",
        "s3://no-such-bucket-here",
        f"s3://{two_backends}/plain",
        "--endpoint-url",
        s3_endpoint,
        "-f",
        "json",
        env=aws_env,
    )
    assert run.returncode == 2, run.stderr
    report = json.loads(run.stdout)
    failed = [s for s in report["stacks"] if s["error"]]
    assert len(failed) == 1
    assert "NoSuchBucket" in failed[0]["error"]
    assert failed[0]["source"] == "s3://no-such-bucket-here"
    assert len([s for s in report["stacks"] if not s["error"]]) == 3
    assert "Traceback" not in run.stderr


def test_an_empty_bucket_has_no_stacks(s3_endpoint: str, aws_env: dict[str, str]) -> None:
    bucket = upload(s3_endpoint, {"unrelated/readme.txt": b"hello"})
    run = run_cli("audit", f"s3://{bucket}", "--endpoint-url", s3_endpoint, env=aws_env)
    assert run.returncode == 0, run.stderr
    assert "No stacks found" in run.stdout


def test_a_corrupt_object_fails_only_its_stack(s3_endpoint: str, aws_env: dict[str, str]) -> None:
    files = backend_files(sample_stacks(), gzip_on=True)
    files[".pulumi/stacks/payments/broken.json.gz"] = backends.gzip_bytes(b'{"version": 3, "checkpoint": [')
    bucket = upload(s3_endpoint, files, prefix="org")
    options = audit.AuditOptions(endpoint_url=s3_endpoint, jobs=2)
    org = audit.run_audit([f"s3://{bucket}/org"], options)
    assert org.exit_code == 2
    [broken] = org.failed
    assert broken.source.endswith("payments/broken.json.gz")
    assert "not JSON" in (broken.error or "")
    # Stack identity comes from the state itself (its URNs), the source from the backend layout.
    assert sorted(s.name for s in org.stacks if not s.error) == ["test/test", "test/test", "values/odd"]
