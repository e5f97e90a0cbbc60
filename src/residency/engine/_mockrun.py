"""Child process of :func:`residency.engine.program.run_program`: run a Pulumi program under mocks.

It does what the Python language host does (config from ``PULUMI_CONFIG``/``PULUMI_CONFIG_SECRET_KEYS``, the
program run with ``runpy`` inside ``run_in_stack``), but against :class:`CapturingMonitor` instead of an
engine. The monitor builds URNs and default providers the way the engine does and answers with the outputs
a provider would compute where residency depends on them. The result (or the error) is written as JSON to
the ``--output`` file; stdout and stderr belong to the program.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import hashlib
import importlib
import inspect
import json
import logging
import os
import re
import runpy
import sys
import threading
import traceback
import uuid
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import pulumi
from google.protobuf import empty_pb2
from pulumi.runtime import mocks, rpc
from pulumi.runtime.proto import resource_pb2

from residency import aws
from residency.engine.program import record_to_json
from residency.engine.records import (
    ROOT_STACK_TYPE,
    CustomTimeouts,
    ResourceRecord,
    Secret,
    is_provider_type,
    make_urn,
    package_of,
    root_stack_urn,
)
from residency.engine.wire import from_struct, to_struct

#: The account ID in the ARNs the mocks make up.
MOCK_ACCOUNT: Final = "123456789012"

# ARN service names that differ from the pulumi-aws module name (the first part of ``aws:<module>/...``).
_ARN_SERVICES: Final = {
    "alb": "elasticloadbalancing",
    "lb": "elasticloadbalancing",
    "elb": "elasticloadbalancing",
    "apigatewayv2": "apigateway",
    "appautoscaling": "application-autoscaling",
    "cfg": "config",
    "cloudhsmv2": "cloudhsm",
    "cognito": "cognito-idp",
    "directoryservice": "ds",
    "docdb": "rds",
    "neptune": "rds",
    "ecrpublic": "ecr-public",
    "efs": "elasticfilesystem",
    "elasticsearch": "es",
    "opensearch": "es",
    "kinesisanalyticsv2": "kinesisanalytics",
    "msk": "kafka",
    "s3control": "s3",
    "sesv2": "ses",
    "sfn": "states",
    "vpc": "ec2",
}
# ARNs whose resource part is the bare name (arn:aws:sqs:eu-west-3:123456789012:orders).
_BARE_NAME_SERVICES: Final = {"sqs", "sns"}
_S3_BUCKET_TYPES: Final = {"aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS: Final = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def partition_of(region: str) -> str:
    """The AWS partition a region belongs to (botocore's data; an unknown region counts as commercial)."""
    return aws.partition_of(region) or "aws"


def _seconds(duration: str) -> float:
    # Custom timeouts travel as Go duration strings ("5m", "1h30m"); the analyzer protocol wants seconds.
    return sum(float(n) * _DURATION_UNITS[unit] for n, unit in _DURATION.findall(duration))


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:7]


def _plain(value: Any) -> Any:
    """A value with any secret wrapper removed (for computing IDs and ARNs, never for display)."""
    while isinstance(value, Secret):
        value = value.value
    return value


def _like(source: Any, value: str) -> Any:
    """``value``, kept secret when the value it was derived from is secret."""
    return Secret(value) if isinstance(source, Secret) else value


@functools.cache
def _class_properties(type_: str) -> frozenset[str] | None:
    """Which of ``arn`` and ``region`` the SDK class for ``type_`` has as output properties (None: class unknown)."""
    parts = type_.split(":")
    if len(parts) != 3:
        return None
    module = rpc.get_resource_module(parts[0], parts[1], "")
    mod_info = getattr(module, "mod_info", None)
    if not isinstance(mod_info, Mapping):
        return None
    class_name = (mod_info.get("classes") or {}).get(type_)
    fqn = mod_info.get("fqn")
    if not isinstance(class_name, str) or not isinstance(fqn, str):
        return None
    try:
        cls = getattr(importlib.import_module(fqn), class_name)
    except (ImportError, AttributeError):
        return None
    return frozenset(n for n in ("arn", "region") if isinstance(inspect.getattr_static(cls, n, None), property))


class _InvokeMocks(mocks.Mocks):
    """Answers invokes (``aws.get_region()`` and friends); resources are handled by the monitor itself."""

    def __init__(self) -> None:
        self.monitor: CapturingMonitor | None = None

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        return "", {}  # never called: RegisterResource and ReadResource are overridden

    def call(self, args: mocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        # MockMonitor.Invoke iterates the failures, so "none" must be an empty list, not None.
        if self.monitor is None:
            return {}, []
        return self.monitor.invoke_result(args.token, args.args, args.provider), []


class CapturingMonitor(mocks.MockMonitor):
    """A mock resource monitor that records every resource the way the engine would.

    URNs carry the whole parent type chain without the root stack; custom resources without an explicit
    provider get the engine's default provider (``pulumi:providers:aws::default_<version>``, inputs from the
    ``aws:*`` config); outputs are the inputs plus the ID, region and ARN a provider would compute.
    """

    def __init__(self, project: str, stack: str, config: Mapping[str, str], secret_keys: set[str]) -> None:
        handler = _InvokeMocks()
        super().__init__(handler)
        handler.monitor = self
        self.project = project
        self.stack = stack
        self.config = dict(config)
        self.secret_keys = set(secret_keys)
        # The SDK calls the monitor from executor threads.
        self.lock = threading.Lock()
        self.records: dict[str, ResourceRecord] = {}
        self.root_urn = root_stack_urn(stack, project)

    # -- helpers ----------------------------------------------------------------------------------------

    def _add(self, record: ResourceRecord, where: Any = None) -> None:
        if record.urn in self.records:
            # The engine refuses this too; two component instances with the same child names cause it.
            at = ""
            if where is not None and where.uri:
                at = f" (registered at {where.uri.removeprefix('file://')}:{where.line})"
            raise RuntimeError(f"Duplicate resource URN '{record.urn}'{at}; try giving it a unique name")
        self.records[record.urn] = record

    def _default_provider_disabled(self, package: str) -> bool:
        # `pulumi:disable-default-providers` holds a JSON list of packages, "*" meaning all of them.
        raw = self.config.get("pulumi:disable-default-providers")
        if raw is None:
            return False
        try:
            names = json.loads(raw)
        except ValueError:
            names = raw
        if isinstance(names, str):
            names = [names]
        return isinstance(names, list) and ("*" in names or package in names)

    def _default_provider(self, package: str, version: str, download_url: str, for_urn: str) -> ResourceRecord:
        if self._default_provider_disabled(package):
            # The engine's refusal, word for word, so the program fails here as it would under `pulumi preview`.
            raise RuntimeError(f"Default provider for '{package}' disabled. '{for_urn}' must use an explicit provider.")
        name = "default" + (f"_{version.replace('.', '_')}" if version else "")
        type_ = f"pulumi:providers:{package}"
        urn = make_urn(self.stack, self.project, None, type_, name)
        existing = self.records.get(urn)
        if existing is not None:
            return existing
        # The engine's default provider takes the package's config (aws:region -> region), as strings,
        # secret ones kept secret, plus the version (and download URL) the SDK asked for.
        inputs: dict[str, Any] = {}
        for key, value in self.config.items():
            namespace, _, short = key.partition(":")
            if namespace == package and short:
                inputs[short] = Secret(value) if key in self.secret_keys else value
        if version:
            inputs["version"] = version
        if download_url:
            inputs["pluginDownloadURL"] = download_url
        record = ResourceRecord(
            urn=urn,
            type=type_,
            name=name,
            custom=True,
            inputs=inputs,
            outputs=dict(inputs),
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, urn)),
        )
        self._add(record)
        return record

    def _provider_region(self, provider_urn: str | None) -> Any:
        provider = self.records.get(provider_urn) if provider_urn else None
        if provider is None:
            return self.config.get("aws:region")
        return provider.inputs.get("region")

    def _alias_urns(self, request: Any, type_: str, name: str) -> tuple[str, ...]:
        urns = list(request.aliasURNs)
        for alias in request.aliases:
            if alias.WhichOneof("alias") == "urn":
                urns.append(alias.urn)
                continue
            spec = alias.spec
            which = spec.WhichOneof("parent")
            if which == "noParent" and spec.noParent:
                parent = None
            elif which == "parentUrn" and spec.parentUrn:
                parent = spec.parentUrn
            else:
                parent = request.parent or None
            urns.append(
                make_urn(
                    spec.stack or self.stack,
                    spec.project or self.project,
                    parent,
                    spec.type or type_,
                    spec.name or name,
                )
            )
        # The SDK can send the same alias twice (its own type aliases plus the user's).
        return tuple(dict.fromkeys(urns))

    def _computed(
        self, type_: str, name: str, urn: str, inputs: Mapping[str, Any], provider_urn: str | None
    ) -> tuple[str, dict[str, Any]]:
        """The ID and the outputs a provider would compute that residency reads: region and ARN.

        A value derived from a secret (a secret bucket name or region) is returned as a secret too.
        """
        resource_id = f"{name}-{_short_hash(urn)}"
        if package_of(type_) != "aws":
            return resource_id, {}
        properties = _class_properties(type_)
        has_region = properties is None or "region" in properties
        has_arn = properties is None or "arn" in properties
        extra: dict[str, Any] = {}
        raw_region = inputs.get("region") if has_region else None
        if raw_region is None:
            raw_region = self._provider_region(provider_urn)
        region = _plain(raw_region)
        if has_region and isinstance(region, str):
            extra["region"] = _like(raw_region, region)
        if type_ in _S3_BUCKET_TYPES:
            raw_bucket = inputs.get("bucket")
            bucket = _plain(raw_bucket)
            if bucket is None:
                prefix = _plain(inputs.get("bucketPrefix"))
                bucket = f"{prefix}{_short_hash(urn)}" if isinstance(prefix, str) else f"{name}-{_short_hash(urn)}"
                extra["bucket"] = bucket
            if isinstance(bucket, str):
                resource_id = bucket
                partition = partition_of(region) if isinstance(region, str) else "aws"
                # S3 bucket ARNs carry neither region nor account.
                extra["arn"] = _like(raw_bucket, f"arn:{partition}:s3:::{bucket}")
            return resource_id, extra
        if not has_arn or not isinstance(region, str):
            # Without a known region the real ARN is unknown during preview: leave it unknown.
            return resource_id, extra
        module = type_.split(":")[1]
        service_module, _, kind = module.partition("/")
        service = _ARN_SERVICES.get(service_module, service_module)
        if service_module == "cloudwatch":
            service = "logs" if kind.startswith("log") else "events" if kind.startswith("event") else "cloudwatch"
        raw_name = inputs.get("name")
        physical = _plain(raw_name)
        physical = physical if isinstance(physical, str) else resource_id
        resource_part = physical if service in _BARE_NAME_SERVICES else f"{kind}/{physical}"
        arn_region = region if has_region else ""
        arn = f"arn:{partition_of(region)}:{service}:{arn_region}:{MOCK_ACCOUNT}:{resource_part}"
        secret = isinstance(raw_name, Secret) or (has_region and isinstance(raw_region, Secret))
        extra["arn"] = Secret(arn) if secret else arn
        return resource_id, extra

    # -- the monitor RPCs ------------------------------------------------------------------------------

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        with self.lock:
            type_, name = request.type, request.name
            if type_ == ROOT_STACK_TYPE:
                self._add(ResourceRecord(urn=self.root_urn, type=type_, name=name, custom=False))
                return resource_pb2.RegisterResourceResponse(urn=self.root_urn)
            parent = request.parent or None
            urn = make_urn(self.stack, self.project, parent, type_, name)
            inputs = from_struct(request.object)
            provider_urn: str | None = None
            provider_id: str | None = None
            if is_provider_type(type_):
                # The engine records the SDK's package version on an explicit provider's inputs.
                if request.version and "version" not in inputs:
                    inputs["version"] = request.version
            elif request.custom or request.remote:
                if request.provider:
                    provider_urn, _, provider_id = request.provider.rpartition("::")
                else:
                    default = self._default_provider(package_of(type_), request.version, request.pluginDownloadURL, urn)
                    provider_urn, provider_id = default.urn, default.id
            resource_id: str | None = None
            outputs: dict[str, Any] = {}
            if is_provider_type(type_):
                resource_id = str(uuid.uuid5(uuid.NAMESPACE_URL, urn))
                outputs = dict(inputs)
            elif request.custom:
                resource_id, extra = self._computed(type_, name, urn, inputs, provider_urn)
                if type_ in _S3_BUCKET_TYPES and "bucket" in extra and "bucket" not in inputs:
                    # The provider's Check fills in the autonamed bucket, and the engine hands analyzers the
                    # checked inputs: a policy sees the name, as it does in `pulumi preview`.
                    inputs["bucket"] = extra["bucket"]
                # The inputs come back as outputs; anything else stays unknown, as in a preview.
                outputs = {**inputs, **extra}
            timeouts = request.customTimeouts
            custom_timeouts = None
            if request.HasField("customTimeouts"):
                custom_timeouts = CustomTimeouts(
                    _seconds(timeouts.create), _seconds(timeouts.update), _seconds(timeouts.delete)
                )
            self._add(
                ResourceRecord(
                    urn=urn,
                    type=type_,
                    name=name,
                    custom=bool(request.custom),
                    inputs=inputs,
                    outputs=outputs,
                    id=resource_id,
                    provider_urn=provider_urn,
                    provider_id=provider_id,
                    parent_urn=parent,
                    dependencies=tuple(request.dependencies),
                    property_dependencies={k: tuple(v.urns) for k, v in request.propertyDependencies.items()},
                    protect=bool(request.protect),
                    ignore_changes=tuple(request.ignoreChanges),
                    delete_before_replace=(request.deleteBeforeReplace if request.deleteBeforeReplaceDefined else None),
                    additional_secret_outputs=tuple(request.additionalSecretOutputs),
                    aliases=self._alias_urns(request, type_, name),
                    custom_timeouts=custom_timeouts,
                ),
                request.sourcePosition if request.HasField("sourcePosition") else None,
            )
            return resource_pb2.RegisterResourceResponse(
                urn=urn, id=resource_id or "", object=to_struct(outputs, skip_internal_keys=False)
            )

    def ReadResource(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        with self.lock:
            parent = request.parent or None
            urn = make_urn(self.stack, self.project, parent, request.type, request.name)
            inputs = from_struct(request.properties)
            if request.provider:
                provider_urn, _, provider_id = request.provider.rpartition("::")
            else:
                default = self._default_provider(
                    package_of(request.type), request.version, request.pluginDownloadURL, urn
                )
                provider_urn, provider_id = default.urn, default.id
            _, extra = self._computed(request.type, request.name, urn, inputs, provider_urn)
            outputs = {**inputs, **extra}
            self._add(
                ResourceRecord(
                    urn=urn,
                    type=request.type,
                    name=request.name,
                    custom=True,
                    inputs=inputs,
                    outputs=outputs,
                    id=request.id,
                    provider_urn=provider_urn,
                    provider_id=provider_id,
                    parent_urn=parent,
                    dependencies=tuple(request.dependencies),
                    additional_secret_outputs=tuple(request.additionalSecretOutputs),
                    external=True,
                )
            )
            return resource_pb2.ReadResourceResponse(urn=urn, properties=to_struct(outputs, skip_internal_keys=False))

    def RegisterResourceOutputs(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        with self.lock:
            record = self.records.get(request.urn)
            if record is not None and not record.custom:
                # A component's (and the stack's) outputs are what it registers, as in the engine.
                self.records[request.urn] = _replace_outputs(record, from_struct(request.outputs))
        return empty_pb2.Empty()

    def invoke_result(self, token: str, args: Mapping[str, Any], provider_ref: str) -> dict[str, Any]:
        provider_urn = provider_ref.rpartition("::")[0] if provider_ref else None
        with self.lock:
            region = _plain(args.get("region")) or _plain(self._provider_region(provider_urn))
        return _invoke_result(token, region if isinstance(region, str) else None)


def _replace_outputs(record: ResourceRecord, outputs: dict[str, Any]) -> ResourceRecord:
    return replace(record, outputs=outputs)


def _invoke_result(token: str, region: str | None) -> dict[str, Any]:
    """What the common account and region lookups return; other invokes return nothing (None values)."""
    partition = partition_of(region) if region else "aws"
    if token == "aws:index/getRegion:getRegion" and region:
        return {
            "id": region,
            "name": region,
            "region": region,
            "description": region,
            "endpoint": f"ec2.{region}.{aws.dns_suffix(partition)}",
        }
    if token == "aws:index/getCallerIdentity:getCallerIdentity":
        return {
            "id": MOCK_ACCOUNT,
            "accountId": MOCK_ACCOUNT,
            "arn": f"arn:{partition}:iam::{MOCK_ACCOUNT}:user/residency-check",
            "userId": "AIDARESIDENCYCHECK",
        }
    if token == "aws:index/getPartition:getPartition":
        suffix = aws.dns_suffix(partition)
        return {
            "id": partition,
            "partition": partition,
            "dnsSuffix": suffix,
            "reverseDnsPrefix": ".".join(reversed(suffix.split("."))),
        }
    if token == "aws:index/getAvailabilityZones:getAvailabilityZones" and region:
        return {
            "id": region,
            "names": [f"{region}{z}" for z in "abc"],
            "zoneIds": [f"{region[:3]}{region.split('-')[-1]}-az{i}" for i in (1, 2, 3)],
            "groupNames": [region],
        }
    return {}


def _frames(exc: BaseException) -> list[dict[str, Any]]:
    return [
        {"file": f.filename, "line": f.lineno or 0, "function": f.name, "code": (f.line or "").strip()}
        for f in traceback.extract_tb(exc.__traceback__)
    ]


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from pulumi.runtime import config as runtime_config
    from pulumi.runtime import settings
    from pulumi.runtime.stack import run_in_stack

    # As the language host does: config and its secret keys from the environment.
    config = runtime_config.get_config_env()
    secret_keys = runtime_config.get_config_secret_keys_env()
    runtime_config.set_all_config(config, secret_keys)

    monitor = CapturingMonitor(args.project, args.stack, config, set(secret_keys))
    features = set(monitor.GetDeploymentInfo(empty_pb2.Empty()).supportedFeatures)  # type: ignore[no-untyped-call]
    # set_mocks() would also create the root stack; run_in_stack creates it below, as for a real program.
    settings.configure(
        mocks.MockSettings(  # type: ignore[no-untyped-call]
            monitor=monitor,
            monitor_features=features,
            engine=mocks.MockEngine(logging.getLogger("pulumi.program")),
            project=args.project,
            stack=args.stack,
            dry_run=True,
            organization=args.organization,
            callbacks=None,
        )
    )

    program = str(Path(args.main))
    os.chdir(args.program_dir)
    # runpy puts a directory entry point on sys.path itself; a file's directory is added as `python file` would.
    search = [args.program_dir]
    if Path(program).is_file():
        search.insert(0, str(Path(program).parent))
    for directory in reversed(search):
        if directory not in sys.path:
            sys.path.insert(0, directory)
    sys.argv = [program]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # The language host silences asyncio's complaints about futures left pending by a failed program.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)

    def run_program() -> None:
        runpy.run_path(program, run_name="__main__")

    try:
        loop.run_until_complete(run_in_stack(run_program))
    except SystemExit as exc:
        if exc.code not in (None, 0):
            return {
                "ok": False,
                "error": f"The program called sys.exit({exc.code!r})",
                "frames": _frames(exc),
                "traceback": "".join(traceback.format_exception(exc)),
            }
    except pulumi.RunError as exc:
        # The language host prints only the message of a RunError.
        return {"ok": False, "error": str(exc), "frames": [], "traceback": str(exc)}
    except Exception as exc:
        return {
            "ok": False,
            "error": "".join(traceback.format_exception_only(exc)).strip(),
            "frames": _frames(exc),
            "traceback": "".join(traceback.format_exception(exc)),
        }
    finally:
        loop.close()
    return {"ok": True, "resources": [record_to_json(r) for r in monitor.records.values()]}


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the program, write the JSON result to ``--output``; exit 0 on success, 1 on failure."""
    parser = argparse.ArgumentParser(prog="python -m residency.engine._mockrun")
    parser.add_argument("--program-dir", required=True)
    parser.add_argument("--main", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--organization", default="organization")
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s", stream=sys.stderr)
    result = _run(args)
    output = Path(args.output)
    temporary = output.with_suffix(".partial")
    # Write then rename: the parent must never read half a file as a result.
    temporary.write_text(json.dumps(result), encoding="utf-8")
    temporary.replace(output)
    sys.stdout.flush()
    sys.stderr.flush()
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
