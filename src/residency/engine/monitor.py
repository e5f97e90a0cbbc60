"""The offline stand-in for the engine's resource monitor: :class:`CapturingMonitor`.

A ``pulumi.runtime.mocks.MockMonitor`` subclass that records every resource the way the engine would: URNs
and default providers as the engine makes them; transforms (``transforms=``, stack transforms and invoke
transforms) called back over the SDK's callbacks server, in the engine's order; ``aws:*`` resources through the
emulated provider CheckConfig and Check (:mod:`.aws_provider`), with the outputs a preview knows (``preview``)
or those of a created resource (``up``); multi-language components recorded, and expanded where
:mod:`.expansions` knows how; lookups and reads answered by :mod:`.lookups`.

Runs inside the project's interpreter (see :mod:`._mockrun`): standard library, ``pulumi`` and this package only.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import threading
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

import grpc
from google.protobuf import empty_pb2, json_format
from pulumi.runtime import mocks
from pulumi.runtime.proto import callback_pb2, callback_pb2_grpc, resource_pb2

from residency import aws
from residency.engine import aws_provider, expansions, lookups, sdk_schema
from residency.engine.records import (
    ROOT_STACK_TYPE,
    UNKNOWN,
    CustomTimeouts,
    ResourceRecord,
    Secret,
    is_provider_type,
    make_urn,
    package_of,
    root_stack_urn,
)
from residency.engine.wire import from_struct, to_struct

STACK_REFERENCE_TYPE: Final = "pulumi:pulumi:StackReference"
try:
    #: The pulumi-aws version the expanded components' children ask their default provider for.
    _AWS_VERSION = importlib.metadata.version("pulumi-aws")
except importlib.metadata.PackageNotFoundError:
    _AWS_VERSION = ""
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS: Final = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def _seconds(duration: str) -> float:
    # Custom timeouts travel as Go duration strings ("5m", "1h30m"); the analyzer protocol wants seconds.
    return sum(float(n) * _DURATION_UNITS[unit] for n, unit in _DURATION.findall(duration))


class _InvokeMocks(mocks.Mocks):
    """Answers resource method calls (``Call``); resources and invokes are handled by the monitor itself."""

    def __init__(self) -> None:
        self.monitor: CapturingMonitor | None = None

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        return "", {}  # never called: RegisterResource and ReadResource are overridden

    def call(self, args: mocks.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        # MockMonitor iterates the failures, so "none" must be an empty list, not None.
        if self.monitor is None:
            return {}, []
        return self.monitor.lookup(args.token, dict(args.args), args.provider), []


class _Callbacks:
    """Calls the SDK's callbacks server (transforms), as the engine does, over gRPC."""

    def __init__(self) -> None:
        self._stubs: dict[str, callback_pb2_grpc.CallbacksStub] = {}
        self._lock = threading.Lock()

    def call(self, callback: Any, request: bytes) -> bytes:
        with self._lock:
            stub = self._stubs.get(callback.target)
            if stub is None:
                stub = callback_pb2_grpc.CallbacksStub(grpc.insecure_channel(callback.target))
                self._stubs[callback.target] = stub
        response = stub.Invoke(callback_pb2.CallbackInvokeRequest(token=callback.token, request=request))
        return bytes(response.response)


def _transform_options(request: Any) -> Any:
    options = resource_pb2.TransformResourceOptions(
        depends_on=list(request.dependencies),
        protect=request.protect,
        ignore_changes=list(request.ignoreChanges),
        replace_on_changes=list(request.replaceOnChanges),
        version=request.version,
        aliases=list(request.aliases),
        provider=request.provider,
        plugin_download_url=request.pluginDownloadURL,
        retain_on_delete=request.retainOnDelete,
        deleted_with=request.deletedWith,
        additional_secret_outputs=list(request.additionalSecretOutputs),
    )
    if request.deleteBeforeReplaceDefined:
        options.delete_before_replace = request.deleteBeforeReplace
    if request.HasField("customTimeouts"):
        options.custom_timeouts.CopyFrom(request.customTimeouts)
    for key, value in request.providers.items():
        options.providers[key] = value
    return options


def _apply_transform_result(request: Any, response: Any) -> Any:
    """A copy of the registration request with the transform's properties and options."""
    changed = resource_pb2.RegisterResourceRequest()
    changed.CopyFrom(request)
    changed.object.CopyFrom(response.properties)
    if not response.HasField("options"):
        return changed
    options = response.options
    changed.provider = options.provider
    changed.protect = options.protect
    del changed.ignoreChanges[:]
    changed.ignoreChanges.extend(options.ignore_changes)
    del changed.replaceOnChanges[:]
    changed.replaceOnChanges.extend(options.replace_on_changes)
    del changed.dependencies[:]
    changed.dependencies.extend(options.depends_on)
    del changed.aliases[:]
    changed.aliases.extend(options.aliases)
    del changed.additionalSecretOutputs[:]
    changed.additionalSecretOutputs.extend(options.additional_secret_outputs)
    changed.version = options.version
    changed.pluginDownloadURL = options.plugin_download_url
    changed.retainOnDelete = options.retain_on_delete
    changed.deletedWith = options.deleted_with
    changed.deleteBeforeReplaceDefined = options.HasField("delete_before_replace")
    changed.deleteBeforeReplace = options.delete_before_replace
    if options.HasField("custom_timeouts"):
        changed.customTimeouts.CopyFrom(options.custom_timeouts)
    else:
        changed.ClearField("customTimeouts")
    changed.providers.clear()
    for key, value in options.providers.items():
        changed.providers[key] = value
    return changed


class CapturingMonitor(mocks.MockMonitor):
    """A resource monitor that records every resource as the engine would, with emulated providers.

    ``phase`` is ``preview`` (outputs as a preview knows them) or ``up`` (outputs as after the deployment).
    """

    def __init__(
        self,
        project: str,
        stack: str,
        config: Mapping[str, str],
        secret_keys: set[str],
        *,
        phase: str = "preview",
        environ: Mapping[str, str] | None = None,
        account: str = aws_provider.MOCK_ACCOUNT,
    ) -> None:
        handler = _InvokeMocks()
        super().__init__(handler)
        handler.monitor = self
        self.project = project
        self.stack = stack
        self.config = dict(config)
        self.secret_keys = set(secret_keys)
        self.phase = phase
        self.environ = dict(os.environ if environ is None else environ)
        self.account = account
        # The SDK calls the monitor from executor threads.
        self.lock = threading.RLock()
        self.records: dict[str, ResourceRecord] = {}
        self.root_urn = root_stack_urn(stack, project)
        self.callbacks = _Callbacks()
        self.resource_transforms: dict[str, list[Any]] = {}
        self.stack_transforms: list[Any] = []
        self.stack_invoke_transforms: list[Any] = []
        #: Provider URN -> the environment variable its region came from.
        self.region_sources: dict[str, str] = {}
        #: Lookup token -> how it was answered (``exact``, ``config``, ``placeholder``).
        self.lookups: dict[str, str] = {}
        #: URNs of the multi-language components expanded offline (see :mod:`.expansions`).
        self.expanded: list[str] = []

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

    def _check_provider(self, package: str, urn: str, inputs: dict[str, Any]) -> dict[str, Any]:
        if package != "aws":
            return inputs
        checked, source = aws_provider.check_config(inputs, self.environ)
        if source is not None:
            self.region_sources[urn] = source
        return checked

    def _default_provider_inputs(self, package: str) -> dict[str, Any]:
        # The engine's default provider takes the package's config (aws:region -> region), as strings,
        # secret ones kept secret.
        inputs: dict[str, Any] = {}
        for key, value in self.config.items():
            namespace, _, short = key.partition(":")
            if namespace == package and short:
                inputs[short] = Secret(value) if key in self.secret_keys else value
        return inputs

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
        inputs = self._default_provider_inputs(package)
        if version:
            inputs["version"] = version
        if download_url:
            inputs["pluginDownloadURL"] = download_url
        inputs = self._check_provider(package, urn, inputs)
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

    def _provider_inputs(self, provider_urn: str | None) -> Mapping[str, Any]:
        provider = self.records.get(provider_urn) if provider_urn else None
        if provider is not None:
            return provider.inputs
        # A lookup through the default provider before any resource created it: the same inputs it would get.
        inputs, _ = aws_provider.check_config(self._default_provider_inputs("aws"), self.environ)
        return inputs

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

    # -- transforms -------------------------------------------------------------------------------------

    def _transforms_for(self, request: Any) -> list[Any]:
        # The engine's order: the resource's own transforms, then each ancestor's (nearest first), then the
        # stack transforms in the order they were registered.
        chain = list(request.transforms)
        parent = request.parent or None
        seen: set[str] = set()
        while parent and parent not in seen:
            seen.add(parent)
            chain.extend(self.resource_transforms.get(parent, []))
            record = self.records.get(parent)
            parent = record.parent_urn if record is not None else None
        chain.extend(self.stack_transforms)
        return chain

    def _run_transforms(self, request: Any) -> Any:
        for callback in self._transforms_for(request):
            transform_request = resource_pb2.TransformRequest(
                type=request.type,
                name=request.name,
                custom=request.custom,
                parent=request.parent,
                properties=request.object,
                options=_transform_options(request),
            )
            try:
                raw = self.callbacks.call(callback, transform_request.SerializeToString())
            except grpc.RpcError as exc:
                details = exc.details() if callable(getattr(exc, "details", None)) else str(exc)
                raise RuntimeError(f"A transform of '{request.name}' ({request.type}) failed: {details}") from None
            request = _apply_transform_result(request, resource_pb2.TransformResponse.FromString(raw))
        return request

    def RegisterStackTransform(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        with self.lock:
            self.stack_transforms.append(request)
        return empty_pb2.Empty()

    def RegisterStackInvokeTransform(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        with self.lock:
            self.stack_invoke_transforms.append(request)
        return empty_pb2.Empty()

    # -- outputs ----------------------------------------------------------------------------------------

    def _effective_region(self, checked: Mapping[str, Any], provider_urn: str | None) -> Any:
        region = checked.get("region")
        return region if region is not None else self._provider_inputs(provider_urn).get("region")

    def _custom_outputs(
        self, type_: str, name: str, urn: str, checked: Mapping[str, Any], provider_urn: str | None
    ) -> tuple[str | None, dict[str, Any]]:
        if self.phase == "preview":
            # A resource being created has no id yet; every output the provider computes is unknown.
            return None, aws_provider.preview_outputs(type_, checked)
        if package_of(type_) == "aws":
            region = self._effective_region(checked, provider_urn)
            return aws_provider.up_outputs(type_, name, urn, checked, region, self.account)
        resource_id = f"{name}-{aws_provider.short_hash(urn)}"
        return resource_id, {**aws_provider.preview_outputs(type_, checked), "id": resource_id}

    # -- the monitor RPCs ------------------------------------------------------------------------------

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        if request.type != ROOT_STACK_TYPE and (request.transforms or self.stack_transforms or request.parent):
            # Outside the lock: a transform may itself call back into the monitor (an invoke, say).
            with self.lock:
                has_transforms = bool(self._transforms_for(request))
            if has_transforms:
                request = self._run_transforms(request)
        with self.lock:
            return self._register(request)

    def _register(self, request: Any) -> Any:
        type_, name = request.type, request.name
        if type_ == ROOT_STACK_TYPE:
            self._add(ResourceRecord(urn=self.root_urn, type=type_, name=name, custom=False))
            return resource_pb2.RegisterResourceResponse(urn=self.root_urn)
        parent = request.parent or None
        urn = make_urn(self.stack, self.project, parent, type_, name)
        if request.transforms:
            self.resource_transforms[urn] = list(request.transforms)
        inputs = from_struct(request.object)
        provider_urn: str | None = None
        provider_id: str | None = None
        if is_provider_type(type_):
            # The engine records the SDK's package version on an explicit provider's inputs.
            if request.version and "version" not in inputs:
                inputs["version"] = request.version
            inputs = self._check_provider(package_of(type_), urn, inputs)
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
            if package_of(type_) == "aws":
                # The engine hands analyzers the inputs after the provider's Check.
                inputs = aws_provider.check(type_, name, urn, inputs, self._provider_inputs(provider_urn))
            resource_id, outputs = self._custom_outputs(type_, name, urn, inputs, provider_urn)
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
                remote=bool(request.remote),
            ),
            request.sourcePosition if request.HasField("sourcePosition") else None,
        )
        if request.remote and type_ in expansions.EXPANSIONS:
            self._expand(request, urn, inputs)
        return resource_pb2.RegisterResourceResponse(
            urn=urn, id=resource_id or "", object=to_struct(outputs, skip_internal_keys=False)
        )

    def _expand(self, request: Any, urn: str, inputs: Mapping[str, Any]) -> None:
        """Register what the component's provider would (see :mod:`.expansions`); its outputs stay unknown."""
        raw = json_format.MessageToDict(request.object)
        try:
            expansion = expansions.EXPANSIONS[request.type](request.name, inputs, raw)
        except expansions.ExpansionError as exc:
            raise RuntimeError(f"{request.type} '{request.name}': {exc}") from None
        if expansion is None:
            return
        for token in expansion.lookups:
            self.lookups.setdefault(token, "placeholder")
        provider = request.providers.get("aws", "")
        parents: dict[tuple[str, str], str] = {}
        for child in expansion.children:
            parent = parents[child.parent] if child.parent is not None else urn
            child_request = resource_pb2.RegisterResourceRequest(
                type=child.type, name=child.name, parent=parent, custom=child.custom,
                provider=provider if child.custom and child.type.startswith("aws:") else "",
                version=_AWS_VERSION if child.type.startswith("aws:") else "",
                object=to_struct(child.inputs, skip_internal_keys=False),
            )
            parents[(child.type, child.name)] = make_urn(self.stack, self.project, parent, child.type, child.name)
            dependencies: list[str] = []
            for prop, siblings in child.depends.items():
                # A sibling is (type, name); an empty type means a URN of the program's own resource.
                urns = [parents.get((t, n), make_urn(self.stack, self.project, urn, t, n)) if t else n
                        for t, n in siblings]
                child_request.propertyDependencies[prop].urns.extend(urns)
                dependencies.extend(u for u in urns if u not in dependencies)
            child_request.dependencies.extend(dependencies)
            self._register(child_request)
        self.expanded.append(urn)

    def _read_outputs(self, type_: str, name: str, urn: str, inputs: dict[str, Any], provider_urn: str | None,
                      resource_id: str) -> dict[str, Any]:
        if type_ == STACK_REFERENCE_TYPE:
            # The other stack's outputs are not known offline: unknown, so whatever uses them is undetermined.
            return {"name": inputs.get("name"), "outputs": UNKNOWN, "secretOutputNames": UNKNOWN}
        cls = sdk_schema.resource_class(type_)
        outputs: dict[str, Any] = {}
        if cls is not None:
            # A read returns the live resource's state, which offline is a placeholder marked as such.
            outputs = sdk_schema.result_placeholder(cls, aws.OFFLINE_LOOKUP_TOKEN)
        outputs.update({k: v for k, v in inputs.items() if v is not None})
        if package_of(type_) == "aws":
            checked = {**inputs, "name": inputs.get("name", resource_id)}
            if type_ in ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"):
                checked["bucket"] = inputs.get("bucket", resource_id)
            region = self._effective_region(inputs, provider_urn)
            _, computed = aws_provider.up_outputs(type_, name, urn, checked, region, self.account)
            for key in ("arn", "region"):
                if computed.get(key) not in (None, UNKNOWN):
                    outputs[key] = computed[key]
        outputs["id"] = resource_id
        return outputs

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
            outputs = self._read_outputs(request.type, request.name, urn, inputs, provider_urn, request.id)
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
                self.records[request.urn] = replace(record, outputs=from_struct(request.outputs))
        return empty_pb2.Empty()

    def Invoke(self, request: Any) -> Any:  # noqa: N802 (gRPC name)
        token, args_struct, provider = request.tok, request.args, request.provider
        for callback in list(self.stack_invoke_transforms):
            transform_request = resource_pb2.TransformInvokeRequest(token=token, args=args_struct)
            transform_request.options.provider = provider
            transform_request.options.version = request.version
            raw = self.callbacks.call(callback, transform_request.SerializeToString())
            response = resource_pb2.TransformInvokeResponse.FromString(raw)
            args_struct = response.args
            if response.HasField("options"):
                provider = response.options.provider
        args = from_struct(args_struct)
        if token == "pulumi:pulumi:getResource":
            with self.lock:
                record = self.records.get(str(args.get("urn")))
            if record is None:
                raise RuntimeError(f"unknown resource {args.get('urn')}")
            result: dict[str, Any] = {"urn": record.urn, "id": record.id or "", "state": dict(record.outputs)}
        else:
            result = self.lookup(token, args, provider)
        return resource_pb2.ResourceInvokeResponse(**{"return": to_struct(result, skip_internal_keys=False)})

    def lookup(self, token: str, args: Mapping[str, Any], provider_ref: str) -> dict[str, Any]:
        """Answer a lookup (see :mod:`residency.engine.lookups`); record how it was answered."""
        plain_args = _plain_tree(args)
        if token in lookups.POLICY_DOCUMENT_TOKENS:
            self._note_lookup(token, "exact")
            try:
                return lookups.policy_document(plain_args)
            except lookups.PolicyDocumentError as exc:
                raise RuntimeError(f"invoking {token}: {exc}") from None
        if token in lookups.CONFIG_TOKENS:
            provider_urn = provider_ref.rpartition("::")[0] if provider_ref else None
            with self.lock:
                region = aws_provider.plain(self._provider_inputs(provider_urn).get("region"))
            answer = lookups.from_config(token, plain_args, region if isinstance(region, str) else None, self.account)
            if answer is not None:
                self._note_lookup(token, "config")
                return answer
        self._note_lookup(token, "placeholder")
        return lookups.placeholder_result(token, plain_args)

    def _note_lookup(self, token: str, how: str) -> None:
        with self.lock:
            self.lookups.setdefault(token, how)


def _plain_tree(value: Any) -> Any:
    value = aws_provider.plain(value)
    if isinstance(value, Mapping):
        return {k: _plain_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_tree(v) for v in value]
    return value


