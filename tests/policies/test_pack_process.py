"""The pack started exactly as the engine starts it, spoken to over gRPC.

The engine runs ``<python> -u -m pulumi.policy <engine-address> <pack-dir>`` with the pack directory as
working directory and reads the port from the first line of stdout. ``pulumi.policy`` only parses the engine
address (it would use it to log a failure of the pack program through ``pulumi.log``); analysis needs no
Engine service, so the test passes an address nothing listens on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import empty_pb2
from policy_harness import to_struct
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc

from residency import catalog as c
from residency.policies import RULES

PACK_DIR = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture(scope="module")
def analyzer() -> Iterator[analyzer_pb2_grpc.AnalyzerStub]:
    env = {
        **os.environ,
        "PULUMI_PROJECT": "residency-test",
        "PULUMI_STACK": "dev",
        "PULUMI_DRY_RUN": "true",
        "PULUMI_ORGANIZATION": "org",
        "PULUMI_CONFIG": "{}",
    }
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.policy", "127.0.0.1:1", str(PACK_DIR)],
        cwd=PACK_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, process.kill)  # a pack that never prints its port must not hang the suite
    watchdog.start()
    try:
        port_line = process.stdout.readline() if process.stdout else ""
        watchdog.cancel()
        assert port_line.strip().isdigit(), (port_line, process.stderr.read() if process.stderr else "")
        channel = grpc.insecure_channel(f"127.0.0.1:{port_line.strip()}")
        yield analyzer_pb2_grpc.AnalyzerStub(channel)
        channel.close()
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()


def test_analyzer_info_lists_every_policy(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
    assert info.name == "residency"
    assert [p.name for p in info.policies] == [r.name for r in RULES]
    levels = {p.name: p.enforcementLevel for p in info.policies}
    assert levels["residency-data-at-rest"] == analyzer_pb2.MANDATORY
    assert levels["residency-control-plane"] == analyzer_pb2.ADVISORY


def test_analyze_over_grpc_reports_the_violation(analyzer: analyzer_pb2_grpc.AnalyzerStub) -> None:
    analyzer.Configure(
        analyzer_pb2.ConfigureAnalyzerRequest(
            policyConfig={
                p.name: analyzer_pb2.PolicyConfig(
                    enforcementLevel=analyzer_pb2.MANDATORY
                    if p.name != "residency-control-plane"
                    else analyzer_pb2.ADVISORY,
                    properties=to_struct({"zone": "eu"}),
                )
                for p in RULES
            }
        ),
        timeout=30,
    )
    request = analyzer_pb2.AnalyzeRequest(
        type=c.S3_BUCKET,
        name="b",
        urn="urn:pulumi:dev::residency-test::aws:s3/bucket:Bucket::b",
        properties=to_struct({"bucket": "b", "region": "us-east-1"}),
        provider=analyzer_pb2.AnalyzerProviderResource(
            type=c.AWS_PROVIDER,
            name="default",
            urn="urn:pulumi:dev::residency-test::pulumi:providers:aws::default",
            properties=to_struct({"region": "eu-west-3"}),
        ),
    )
    response = analyzer.Analyze(request, timeout=30)
    assert [(d.policyName, d.enforcementLevel) for d in response.diagnostics] == [
        ("residency-data-at-rest", analyzer_pb2.MANDATORY)
    ]
    assert "Stores data in us-east-1 (United States)" in response.diagnostics[0].message
