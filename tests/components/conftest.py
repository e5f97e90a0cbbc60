"""One set of Pulumi mocks for every component test: record what is registered, answer like AWS would.

``run(build)`` runs ``build`` as a Pulumi program under mocks (``preview=False``, so outputs resolve) and
returns a :class:`Recording` of every resource registered: type, name, URN, parent, provider, dependencies,
inputs, and the outputs each component registered. Mocked ids and ARNs carry the region of the resource's
provider, so a resource created through the wrong provider shows up in its ARNs too.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Imported up front, not for use: otherwise the hypothesis pytest plugin imports it (and pytest rewrites it) at the
# end of a session that never did, while Pulumi's runtime threads may still be formatting tracebacks, which parses
# source too; on CPython 3.11 that race raises "SystemError: AST constructor recursion depth mismatch"
# (python/cpython#106905, pytest-dev/pytest#10763) and fails an otherwise green run.
import hypothesis  # noqa: F401
import pulumi
import pytest
from pulumi.runtime import rpc, settings
from pulumi.runtime.mocks import MockCallArgs, MockMonitor, MockResourceArgs, Mocks

ACCOUNT = "123456789012"
PROJECT = "residency-reference"
STACK = "test"
NO_REGION = "no-region-default-provider"


def pytest_configure(config: pytest.Config) -> None:
    """Importing pulumi_aws.s3 warns about its own deprecated V2 aliases; that is not this project's noise."""
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:pulumi_aws.*")


@dataclass
class Registered:
    """One registered resource as the engine would see it."""

    type: str
    name: str
    urn: str
    parent: str
    provider: str
    custom: bool
    dependencies: list[str]
    inputs: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Any] | None = None

    @property
    def provider_urn(self) -> str:
        """The URN part of the provider reference (``<urn>::<id>``); empty for the default provider."""
        return self.provider.rsplit("::", 1)[0] if self.provider else ""


@dataclass
class Recording:
    """Everything a program registered, in order."""

    resources: list[Registered] = field(default_factory=list)
    stack_outputs: dict[str, Any] = field(default_factory=dict)
    calls: list[MockCallArgs] = field(default_factory=list)

    def by_urn(self, urn: str) -> Registered:
        """The resource with this URN."""
        return next(r for r in self.resources if r.urn == urn)

    def of_type(self, type_: str) -> list[Registered]:
        """Every resource of one type token."""
        return [r for r in self.resources if r.type == type_]

    def one(self, type_: str, name: str | None = None) -> Registered:
        """The single resource of ``type_`` (and ``name``); fails when there is not exactly one."""
        found = [r for r in self.of_type(type_) if name is None or r.name == name]
        assert len(found) == 1, f"expected one {type_} {name or ''}, found {[r.name for r in found]}"
        return found[0]

    def custom(self) -> list[Registered]:
        """Every custom resource except providers."""
        return [r for r in self.resources if r.custom and not r.type.startswith("pulumi:providers:")]

    def types(self) -> list[str]:
        """The sorted type tokens of everything registered (one entry per resource)."""
        return sorted(r.type for r in self.resources)

    def provider_region(self, resource: Registered) -> str:
        """The ``region`` input of the provider that manages ``resource``."""
        if not resource.provider:
            return NO_REGION
        return str(self.by_urn(resource.provider_urn).inputs.get("region", NO_REGION))


class RecordingMocks(Mocks):
    """Answers resource registrations with realistic ids and region-carrying ARNs."""

    def __init__(self, recording: Recording) -> None:
        self.recording = recording

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        self.recording.calls.append(args)
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": ACCOUNT,
                "arn": f"arn:aws:iam::{ACCOUNT}:role/deployer",
                "userId": "deployer",
                "id": ACCOUNT,
            }, []
        if args.token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            region = self.recording.by_urn(args.provider.rsplit("::", 1)[0]).inputs["region"]
            return {
                "id": region,
                "names": [f"{region}{zone}" for zone in "cab"],  # unsorted, as the API may answer
                "zoneIds": [f"{region}-az{i}" for i in (3, 1, 2)],
                "groupNames": [region],
            }, []
        return {}, []

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        region = NO_REGION
        if args.provider:
            provider = self.recording.by_urn(args.provider.rsplit("::", 1)[0])
            region = str(provider.inputs.get("region", NO_REGION))
        return _answer(args.typ, args.name, dict(args.inputs), region)


def _answer(typ: str, name: str, inputs: dict[str, Any], region: str) -> tuple[str, dict[str, Any]]:
    state = dict(inputs)
    rid = f"{name}-id"
    if typ == "pulumi:providers:aws":
        return rid, state
    if typ == "aws:kms/key:Key":
        rid = f"key-{name}"
        state.update(arn=f"arn:aws:kms:{region}:{ACCOUNT}:key/{rid}", keyId=rid)
    elif typ == "aws:s3/bucket:Bucket":
        rid = name
        state.update(
            bucket=name,
            arn=f"arn:aws:s3:::{name}",
            region=region,
            bucketRegionalDomainName=f"{name}.s3.{region}.amazonaws.com",
        )
    elif typ == "aws:dynamodb/table:Table":
        rid = name
        state.update(name=name, arn=f"arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}")
    elif typ == "aws:sqs/queue:Queue":
        url = f"https://sqs.{region}.amazonaws.com/{ACCOUNT}/{name}"
        rid = url
        state.update(name=name, url=url, arn=f"arn:aws:sqs:{region}:{ACCOUNT}:{name}")
    elif typ == "aws:cloudwatch/logGroup:LogGroup":
        rid = inputs.get("name") or name
        state.update(name=rid, arn=f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{rid}")
    elif typ == "aws:iam/role:Role":
        rid = name
        state.update(name=name, arn=f"arn:aws:iam::{ACCOUNT}:role/{name}")
    elif typ == "aws:lambda/function:Function":
        rid = name
        arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{name}"
        state.update(
            name=name,
            arn=arn,
            invokeArn=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations",
        )
    elif typ == "aws:apigateway/restApi:RestApi":
        rid = "api" + hashlib.sha256(name.encode()).hexdigest()[:8]
        state.update(
            rootResourceId=f"root-{rid}",
            arn=f"arn:aws:apigateway:{region}::/restapis/{rid}",
            executionArn=f"arn:aws:execute-api:{region}:{ACCOUNT}:{rid}",
        )
    elif typ == "aws:apigateway/stage:Stage":
        api, stage = inputs["restApi"], inputs["stageName"]
        state.update(
            arn=f"arn:aws:apigateway:{region}::/restapis/{api}/stages/{stage}",
            invokeUrl=f"https://{api}.execute-api.{region}.amazonaws.com/{stage}",
            executionArn=f"arn:aws:execute-api:{region}:{ACCOUNT}:{api}/{stage}",
        )
    elif typ == "aws:wafv2/webAcl:WebAcl":
        state.update(arn=f"arn:aws:wafv2:{region}:{ACCOUNT}:regional/webacl/{name}/{rid}")
    elif typ == "aws:apigateway/method:Method":
        state.setdefault("httpMethod", inputs.get("httpMethod"))
    else:
        rid, extra = _answer_v2(typ, name, inputs, region)
        state.update(extra)
    return rid, state


def _short(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def _answer_v2(typ: str, name: str, inputs: dict[str, Any], region: str) -> tuple[str, dict[str, Any]]:
    """Outputs of the types the network, repository, service and database components create; ids are
    ``<name>-id`` unless the type's id is its physical name."""
    rid = f"{name}-id"
    arn_prefix = f"arn:aws:{{service}}:{region}:{ACCOUNT}"
    if typ == "aws:ec2/vpc:Vpc":
        return rid, {"arn": f"{arn_prefix.format(service='ec2')}:vpc/{rid}"}
    if typ == "aws:ec2/securityGroup:SecurityGroup":
        return rid, {"arn": f"{arn_prefix.format(service='ec2')}:security-group/{rid}"}
    if typ == "aws:ec2/vpcEndpoint:VpcEndpoint" and inputs.get("vpcEndpointType") == "Gateway":
        return rid, {"prefixListId": f"pl-{_short(name)}"}
    if typ == "aws:ecr/repository:Repository":
        rid = inputs.get("name") or name
        return rid, {
            "name": rid,
            "arn": f"{arn_prefix.format(service='ecr')}:repository/{rid}",
            "registryId": ACCOUNT,
            "repositoryUrl": f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/{rid}",
        }
    if typ == "aws:lb/loadBalancer:LoadBalancer":
        suffix = f"app/{name}/{_short(name)}"
        return rid, {
            "arn": f"{arn_prefix.format(service='elasticloadbalancing')}:loadbalancer/{suffix}",
            "arnSuffix": suffix,
            "dnsName": f"{name}-{_short(name)}.{region}.elb.amazonaws.com",
            "zoneId": "Z3Q77PNBQS71R4",
        }
    if typ == "aws:lb/targetGroup:TargetGroup":
        suffix = f"targetgroup/{name}/{_short(name)}"
        return rid, {"arn": f"{arn_prefix.format(service='elasticloadbalancing')}:{suffix}", "arnSuffix": suffix}
    if typ == "aws:lb/listener:Listener":
        return rid, {"arn": f"{arn_prefix.format(service='elasticloadbalancing')}:listener/app/{name}"}
    if typ == "aws:ecs/cluster:Cluster":
        return rid, {"name": name, "arn": f"{arn_prefix.format(service='ecs')}:cluster/{name}"}
    if typ == "aws:ecs/taskDefinition:TaskDefinition":
        family = inputs["family"]
        return rid, {"arn": f"{arn_prefix.format(service='ecs')}:task-definition/{family}:1", "revision": 1}
    if typ == "aws:ecs/service:Service":
        return rid, {"name": name}
    if typ == "aws:rds/cluster:Cluster":
        rid = inputs.get("clusterIdentifier") or name
        return rid, {
            "arn": f"{arn_prefix.format(service='rds')}:cluster:{rid}",
            "clusterIdentifier": rid,
            "clusterResourceId": f"cluster-{_short(rid).upper()}",
            "endpoint": f"{rid}.cluster-c0ffee.{region}.rds.amazonaws.com",
            "readerEndpoint": f"{rid}.cluster-ro-c0ffee.{region}.rds.amazonaws.com",
            "port": inputs.get("port", 5432),
            "masterUserSecrets": [
                {
                    "secretArn": f"{arn_prefix.format(service='secretsmanager')}:secret:rds!cluster-{_short(rid)}",
                    "kmsKeyId": inputs.get("masterUserSecretKmsKeyId"),
                    "secretStatus": "active",
                }
            ],
        }
    if typ == "aws:rds/clusterInstance:ClusterInstance":
        return rid, {"arn": f"{arn_prefix.format(service='rds')}:db:{name}"}
    if typ in ("aws:rds/subnetGroup:SubnetGroup", "aws:rds/clusterParameterGroup:ClusterParameterGroup"):
        return name, {"name": name}
    return rid, {}


class RecordingMonitor(MockMonitor):
    """A mock monitor that also records what ``Mocks.new_resource`` cannot see: URN, parent, dependencies."""

    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self.recording = mocks.recording

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - the gRPC method name
        urn = self.make_urn(request.parent, request.type, request.name)
        entry = None
        if request.type != "pulumi:pulumi:Stack":
            inputs = rpc.deserialize_properties(request.object)
            entry = Registered(
                type=request.type,
                name=request.name,
                urn=urn,
                parent=request.parent,
                provider=request.provider,
                custom=bool(request.custom),
                dependencies=list(request.dependencies),
                inputs=_plain(inputs),
            )
            self.recording.resources.append(entry)
        response = super().RegisterResource(request)
        if entry is not None:
            entry.state = self.resources[urn].state
        return response

    def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802 - the gRPC method name
        outputs = rpc.deserialize_properties(request.outputs)
        for entry in self.recording.resources:
            if entry.urn == request.urn:
                entry.outputs = _plain(outputs)
        return super().RegisterResourceOutputs(request)


def _plain(value: Any) -> Any:
    """Inputs as plain Python (the deserializer may hand back secret wrappers or tuples)."""
    return json.loads(json.dumps(value, default=str))


def run(
    build: Callable[[], Any],
    config: dict[str, str] | None = None,
    recording: Recording | None = None,
    project: str = PROJECT,
) -> Recording:
    """Run ``build`` as a Pulumi program under mocks and return what it registered.

    ``config`` is the stack configuration (namespaced keys to strings, as the engine passes it); ``project``
    is the project name, the namespace of ``pulumi.Config()``. Exceptions raised by ``build`` propagate (after
    the runtime has settled), so refusals can be asserted with ``pytest.raises``.
    """
    recording = Recording() if recording is None else recording
    mocks = RecordingMocks(recording)
    pulumi.runtime.set_all_config(dict(config or {}))
    settings.set_root_resource(None)  # type: ignore[arg-type]  # a fresh Stack for every program
    pulumi.runtime.set_mocks(mocks, project=project, stack=STACK, preview=False, monitor=RecordingMonitor(mocks))

    @pulumi.runtime.test
    def program() -> Any:
        build()
        root = pulumi.runtime.get_root_resource()
        outputs = getattr(root, "outputs", {})
        return pulumi.Output.from_input(outputs).apply(recording.stack_outputs.update)

    try:
        program()
    finally:
        pulumi.runtime.set_all_config({})  # no configuration leaks into the next test
    return recording


def refuse(
    build: Callable[[], Any], config: dict[str, str] | None = None, project: str = PROJECT
) -> tuple[BaseException, Recording]:
    """Run ``build`` expecting it to raise; return the exception and what was registered before it."""
    recording = Recording()
    with pytest.raises(Exception) as caught:  # noqa: PT011 - callers assert the exact type and message
        run(build, config, recording, project)
    return caught.value, recording


Runner = Callable[..., Recording]
Refuser = Callable[..., tuple[BaseException, Recording]]


#: The ``residency`` console script of the interpreter running the tests.
RESIDENCY = Path(sys.executable).with_name("residency")

#: Seconds one ``residency check`` may take (the program and the pack each get the CLI's --timeout).
CHECK_TIMEOUT = 120


@dataclass(frozen=True)
class CheckOutcome:
    """What ``residency check --format json`` did with a program."""

    returncode: int
    report: dict[str, Any] | None
    stderr: str

    def findings(self) -> list[dict[str, Any]]:
        """Every violation and undetermined finding of the report."""
        assert self.report is not None, f"no JSON report (exit {self.returncode}): {self.stderr[-2000:]}"
        return [*self.report["violations"], *self.report["undetermined"]]


def residency_check(program_dir: Path, *options: str) -> CheckOutcome:
    """``residency check <program_dir> --stack dev --format json <options>`` in a subprocess, as a user runs it."""
    completed = subprocess.run(
        [
            str(RESIDENCY),
            "check",
            str(program_dir),
            "--stack",
            "dev",
            "--format",
            "json",
            "--timeout",
            str(CHECK_TIMEOUT),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT * 3,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except ValueError:
        report = None
    return CheckOutcome(completed.returncode, report, completed.stderr)


@pytest.fixture(scope="session")
def check_program() -> Callable[..., CheckOutcome]:
    """The end-to-end checker: ``check_program(program_dir, *options) -> CheckOutcome``."""
    return residency_check


@pytest.fixture
def program() -> Runner:
    """The program runner: ``program(build, config=None) -> Recording``."""
    return run


@pytest.fixture
def refused() -> Refuser:
    """The refusal runner: ``refused(build, config=None) -> (exception, Recording)``."""
    return refuse
