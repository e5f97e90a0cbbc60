"""Run a Pulumi Python policy pack the way the Pulumi engine does: a real pack process and the real Analyzer RPCs.

The engine starts a Python pack as ``python -u -m pulumi.policy <engine-address> <pack-dir>`` in the pack's
directory, with ``PULUMI_ORGANIZATION``, ``PULUMI_PROJECT``, ``PULUMI_STACK``, ``PULUMI_DRY_RUN`` and
``PULUMI_CONFIG`` in the environment, reads the gRPC port from the first line the pack prints, and calls
``Handshake``, ``ConfigureStack``, ``GetPluginInfo``, ``GetAnalyzerInfo`` and ``Configure``; then ``Remediate``
and ``Analyze`` for every resource it registers, and ``AnalyzeStack`` once at the end. :class:`PackProcess`
makes those calls one by one; :func:`residency.engine.session.run_pack` makes the whole sequence.

The engine address points at a small real ``Engine`` gRPC service (:class:`EngineService`) that records what
is logged to it. ``pulumi.policy`` 1.21 parses that address but never connects to it (its ``pulumi.log``
calls go to stderr), so the pack's stdout and stderr lines are collected as log messages as well, the way the
engine shows a plugin's output.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import grpc
import yaml
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc, engine_pb2, engine_pb2_grpc, plugin_pb2

from residency.engine.policy_config import (
    LEVEL_NAMES,
    LEVEL_VALUES,
    POLICY_TYPES,
    SEVERITY_NAMES,
    AnalyzerInfo,
    EnforcementLevel,
    EngineError,
    PolicyConfig,
    PolicyConfigError,
    PolicyInfo,
)
from residency.engine.records import UNKNOWN, OpaqueSecret, ResourceRecord, Secret, root_stack_urn
from residency.engine.wire import encode_value, from_struct, to_struct

# gRPC refuses messages above 4 MiB by default; a stack with large inputs (Lambda code, policies) easily
# exceeds that in AnalyzeStack. The engine and pulumi_policy both raise the limit to 400 MiB.
_MAX_MESSAGE_BYTES: Final = 400 * 1024 * 1024
_CHANNEL_OPTIONS: Final = [
    ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
]



@dataclass(frozen=True)
class Diagnostic:
    """A policy violation as the engine reports it."""

    policy_name: str
    policy_pack_name: str
    policy_pack_version: str
    #: The policy description, a newline, then the violation message (as pulumi_policy builds it).
    message: str
    #: The resource the violation is about (for Analyze always the analyzed resource, as the engine does).
    urn: str
    enforcement_level: EnforcementLevel
    #: ``low``, ``medium``, ``high``, ``critical``, or ``""`` when the policy does not say.
    severity: str = ""
    description: str = ""


@dataclass(frozen=True)
class Remediation:
    """A remediation a pack applied (``properties``) or could not apply (``diagnostic``) to a resource."""

    policy_name: str
    policy_pack_name: str
    policy_pack_version: str
    description: str
    urn: str
    properties: Mapping[str, Any] | None
    diagnostic: str


@dataclass(frozen=True)
class LogMessage:
    """A message from the pack: logged through the Engine service, or a line it printed."""

    source: Literal["engine", "stdout", "stderr"]
    #: ``debug``, ``info``, ``warning`` or ``error`` (printed lines are ``info``).
    severity: str
    message: str
    urn: str = ""


# ---------------------------------------------------------------------------------------------------------------
# The Engine service the pack is pointed at.
# ---------------------------------------------------------------------------------------------------------------

_LOG_SEVERITIES: Final[dict[int, str]] = {
    engine_pb2.DEBUG: "debug",
    engine_pb2.INFO: "info",
    engine_pb2.WARNING: "warning",
    engine_pb2.ERROR: "error",
}
#: How many messages are kept; a pack that prints without end must not exhaust memory.
_MAX_LOG_MESSAGES: Final = 10_000


class _MessageLog:
    """A bounded, thread-safe list of log messages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: collections.deque[LogMessage] = collections.deque(maxlen=_MAX_LOG_MESSAGES)

    def add(self, message: LogMessage) -> None:
        with self._lock:
            self._messages.append(message)

    def snapshot(self) -> tuple[LogMessage, ...]:
        with self._lock:
            return tuple(self._messages)


class EngineService(engine_pb2_grpc.EngineServicer):
    """A minimal real ``pulumirpc.Engine`` service: it records logs and keeps the root resource URN."""

    def __init__(self, log: _MessageLog, root_urn: str = "") -> None:
        self._log = log
        self._root_urn = root_urn

    def Log(self, request: engine_pb2.LogRequest, context: Any) -> empty_pb2.Empty:  # noqa: N802 (gRPC name)
        """Record a message the pack logged."""
        severity = _LOG_SEVERITIES.get(request.severity, "info")
        self._log.add(LogMessage("engine", severity, request.message, request.urn))
        return empty_pb2.Empty()

    def GetRootResource(  # noqa: N802 (gRPC name)
        self, request: engine_pb2.GetRootResourceRequest, context: Any
    ) -> engine_pb2.GetRootResourceResponse:
        """The stack's root resource URN."""
        return engine_pb2.GetRootResourceResponse(urn=self._root_urn)

    def SetRootResource(  # noqa: N802 (gRPC name)
        self, request: engine_pb2.SetRootResourceRequest, context: Any
    ) -> engine_pb2.SetRootResourceResponse:
        """Remember a new root resource URN."""
        self._root_urn = request.urn
        return engine_pb2.SetRootResourceResponse()

    def StartDebugging(  # noqa: N802 (gRPC name)
        self, request: engine_pb2.StartDebuggingRequest, context: Any
    ) -> empty_pb2.Empty:
        """Debugging is not supported here; the request is acknowledged and logged."""
        self._log.add(LogMessage("engine", "info", f"pack asked to start debugging: {request.message}"))
        return empty_pb2.Empty()

    def RequirePulumiVersion(  # noqa: N802 (gRPC name)
        self, request: engine_pb2.RequirePulumiVersionRequest, context: Any
    ) -> engine_pb2.RequirePulumiVersionResponse:
        """Accept any version range: there is no CLI version to compare with."""
        return engine_pb2.RequirePulumiVersionResponse()


# ---------------------------------------------------------------------------------------------------------------
# The pack process.
# ---------------------------------------------------------------------------------------------------------------

_STDERR_TAIL_LINES: Final = 40




def _read_pack_project(pack_dir: Path) -> str:
    """Check PulumiPolicy.yaml as the engine does before starting a pack; return its version ("" if none)."""
    project_file = pack_dir / "PulumiPolicy.yaml"
    if not project_file.is_file():
        raise EngineError(f"{pack_dir} is not a policy pack: it has no PulumiPolicy.yaml.")
    try:
        document = yaml.safe_load(project_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EngineError(f"Cannot read {project_file}: {exc}") from None
    if not isinstance(document, Mapping):
        raise EngineError(f"{project_file} must be a YAML mapping with at least 'runtime'.")
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, Mapping) else runtime
    if runtime_name != "python":
        raise EngineError(f"{project_file} declares runtime {runtime_name!r}; only Python policy packs can be run.")
    version = document.get("version")
    return "" if version is None else str(version)


def _config_env_value(value: Any) -> Any:
    # PULUMI_CONFIG carries plain values, secrets included (the engine decrypts them for the pack).
    if isinstance(value, Secret):
        return _config_env_value(value.value)
    if isinstance(value, OpaqueSecret) or value is UNKNOWN:
        return ""
    return value


def _config_string(value: Any) -> str:
    plain = _config_env_value(value)
    return plain if isinstance(plain, str) else json.dumps(plain)


class PackProcess:
    """A running policy pack and the gRPC channel to it, started like the engine starts one.

    Use it as a context manager; the process (its whole process group) is stopped on exit. Calls raise
    :class:`EngineError` when the pack fails or dies, with the tail of its stderr in the message.
    """

    def __init__(
        self,
        pack_dir: str | os.PathLike[str],
        *,
        project: str,
        stack: str,
        organization: str = "organization",
        dry_run: bool = True,
        config: Mapping[str, Any] | None = None,
        python: str | None = None,
        start_timeout: float = 60.0,
        call_timeout: float | None = None,
        root_urn: str = "",
    ) -> None:
        """Prepare (not start) a pack run.

        :param pack_dir: the directory holding ``PulumiPolicy.yaml`` and ``__main__.py``.
        :param config: the stack's config, namespaced keys to values (secrets as :class:`Secret`).
        :param python: the interpreter to run the pack with (default: this one).
        :param start_timeout: seconds to wait for the pack to print its port.
        :param call_timeout: seconds each call may take (default: no limit beyond :meth:`set_deadline`).
        :param root_urn: what the Engine service answers to ``GetRootResource``.
        """
        self.pack_dir = Path(pack_dir).resolve()
        self.project = project
        self.stack = stack
        self.organization = organization
        self.dry_run = dry_run
        self.config: Mapping[str, Any] = dict(config or {})
        self.python = python or sys.executable
        self.start_timeout = start_timeout
        self.call_timeout = call_timeout
        self._root_urn = root_urn or root_stack_urn(stack, project)
        self._log = _MessageLog()
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=_STDERR_TAIL_LINES)
        self._tail_lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._server: grpc.Server | None = None
        self._channel: grpc.Channel | None = None
        self._stub: analyzer_pb2_grpc.AnalyzerStub | None = None
        self._readers: list[threading.Thread] = []
        self._deadline: float | None = None
        #: The version from PulumiPolicy.yaml ("" when it has none); it wins over the pack's own, as in the engine.
        self.yaml_version = ""
        #: The address of the Engine service handed to the pack.
        self.engine_address = ""
        #: The port the pack serves the Analyzer service on.
        self.port = 0
        #: Seconds from starting the process to a ready channel.
        self.start_seconds = 0.0

    # -- lifecycle ------------------------------------------------------------------------------------------

    def __enter__(self) -> PackProcess:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def set_deadline(self, seconds_from_now: float | None) -> None:
        """Make every later call fail once ``seconds_from_now`` have passed (``None``: no overall deadline)."""
        self._deadline = None if seconds_from_now is None else time.monotonic() + seconds_from_now

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # A PULUMI_CONFIG inherited from the caller's shell must not stand in for this stack's (empty) config.
        for key in ("PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS"):
            env.pop(key, None)
        values = {
            "PULUMI_ORGANIZATION": self.organization,
            "PULUMI_PROJECT": self.project,
            "PULUMI_STACK": self.stack,
            "PULUMI_DRY_RUN": "true" if self.dry_run else "false",
        }
        if self.config:
            values["PULUMI_CONFIG"] = json.dumps({k: _config_env_value(v) for k, v in self.config.items()})
        # The engine only sets the variables that have a value.
        env.update({k: v for k, v in values.items() if v})
        return env

    def start(self) -> None:
        """Start the Engine service and the pack, wait for its port and connect."""
        if self._process is not None:
            raise EngineError("The policy pack is already started.")
        self.yaml_version = _read_pack_project(self.pack_dir)
        began = time.monotonic()

        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2), options=_CHANNEL_OPTIONS)
        engine_pb2_grpc.add_EngineServicer_to_server(EngineService(self._log, self._root_urn), server)
        engine_port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self._server = server
        self.engine_address = f"127.0.0.1:{engine_port}"

        try:
            # -u: without it the port line stays in the pack's stdout buffer and nothing can connect.
            self._process = subprocess.Popen(
                [self.python, "-u", "-m", "pulumi.policy", self.engine_address, str(self.pack_dir)],
                cwd=self.pack_dir,
                env=self._environment(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                # Its own process group, so stopping it also stops anything it started.
                start_new_session=True,
            )
        except OSError as exc:
            self.close()
            raise EngineError(f"Cannot start the policy pack with {self.python}: {exc.strerror}.") from None

        port_lines: queue.Queue[str | None] = queue.Queue()
        self._start_reader(self._process.stdout, "stdout", port_lines)
        self._start_reader(self._process.stderr, "stderr", None)
        try:
            self.port = self._wait_for_port(port_lines)
            self._connect()
        except BaseException:
            self.close()
            raise
        self.start_seconds = time.monotonic() - began

    def _start_reader(
        self, stream: Any, source: Literal["stdout", "stderr"], first: queue.Queue[str | None] | None
    ) -> None:
        def pump() -> None:
            handed_first = first is None
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                if not handed_first and first is not None:
                    first.put(line)
                    handed_first = True
                    continue
                if source == "stderr":
                    with self._tail_lock:
                        self._stderr_tail.append(line)
                self._log.add(LogMessage(source, "info", line))
            if not handed_first and first is not None:
                first.put(None)  # the stream closed before the first line
            stream.close()

        thread = threading.Thread(target=pump, name=f"pack-{source}", daemon=True)
        thread.start()
        self._readers.append(thread)

    def _wait_for_port(self, port_lines: queue.Queue[str | None]) -> int:
        try:
            line = port_lines.get(timeout=self.start_timeout)
        except queue.Empty:
            raise EngineError(
                f"The policy pack in {self.pack_dir} did not print its port within {self.start_timeout:g} s."
                + self._tail_text()
            ) from None
        if line is None:
            code = self._wait_exit(2.0)
            raise EngineError(
                f"The policy pack in {self.pack_dir} exited with code {code} before it started serving."
                + self._tail_text()
            )
        try:
            port = int(line.strip())
        except ValueError:
            raise EngineError(
                f"The policy pack in {self.pack_dir} printed {line[:200]!r} where the engine expects its port "
                "number (a pack must not print to stdout before it starts serving)." + self._tail_text()
            ) from None
        if not 0 < port < 65536:
            raise EngineError(f"The policy pack in {self.pack_dir} printed an invalid port {port}.")
        return port

    def _connect(self) -> None:
        channel = grpc.insecure_channel(f"127.0.0.1:{self.port}", options=_CHANNEL_OPTIONS)
        self._channel = channel
        try:
            grpc.channel_ready_future(channel).result(timeout=self.start_timeout)
        except grpc.FutureTimeoutError:
            raise EngineError(
                f"The policy pack printed port {self.port} but could not be reached there." + self._tail_text()
            ) from None
        self._stub = analyzer_pb2_grpc.AnalyzerStub(channel)

    def _wait_exit(self, seconds: float) -> int | None:
        if self._process is None:
            return None
        try:
            return self._process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        """Close the channel, stop the pack's process group and the Engine service. Safe to call twice."""
        process = self._process
        if process is not None and process.poll() is None:
            # The engine kills analyzer plugins when it is done; pulumi_policy has no shutdown RPC.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
            process.wait()
        # Closed after the process is gone: closing a channel to a live server waits about 0.2 s.
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        self._stub = None
        for thread in self._readers:
            thread.join(timeout=5)
        self._readers = []
        if self._server is not None:
            self._server.stop(grace=None)
            self._server = None

    # -- state ----------------------------------------------------------------------------------------------

    @property
    def returncode(self) -> int | None:
        """The pack's exit code once it has exited, else ``None``."""
        return None if self._process is None else self._process.poll()

    @property
    def logs(self) -> tuple[LogMessage, ...]:
        """What the pack logged through the Engine service and printed, oldest first."""
        return self._log.snapshot()

    @property
    def stderr_tail(self) -> str:
        """The last lines the pack wrote to stderr."""
        with self._tail_lock:
            return "\n".join(self._stderr_tail)

    def _tail_text(self) -> str:
        # Give the reader threads a moment to collect what a dying process wrote last.
        if self._process is not None and self._process.poll() is not None:
            for thread in self._readers:
                thread.join(timeout=1)
        tail = self.stderr_tail.strip()
        return f"\n--- policy pack stderr (last lines) ---\n{tail}" if tail else ""

    # -- calls ----------------------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        request: Any,
        *,
        tolerate_unimplemented: bool = False,
    ) -> Any:
        stub = self._stub
        if stub is None:
            raise EngineError("The policy pack is not running (start it first).")
        timeout = self.call_timeout
        if self._deadline is not None:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise EngineError(f"The policy pack run exceeded its time limit before {method}.")
            timeout = remaining if timeout is None else min(timeout, remaining)
        try:
            return getattr(stub, method)(request, timeout=timeout)
        except grpc.RpcError as exc:
            code = exc.code() if callable(getattr(exc, "code", None)) else None
            if tolerate_unimplemented and code == grpc.StatusCode.UNIMPLEMENTED:
                return None
            details = exc.details() if callable(getattr(exc, "details", None)) else str(exc)
            exit_code = self._wait_exit(1.0) if code == grpc.StatusCode.UNAVAILABLE else self.returncode
            if exit_code is not None:
                message = f"The policy pack exited with code {exit_code} during {method}."
            elif code == grpc.StatusCode.DEADLINE_EXCEEDED:
                message = f"The policy pack did not answer {method} in time ({timeout:g} s)."
            else:
                name = code.name if code is not None else "error"
                message = f"The policy pack failed in {method} ({name}): {details}"
            raise EngineError(message + self._tail_text()) from None

    def handshake(self) -> None:
        """Send ``Handshake`` as the engine does; pulumi_policy leaves it unimplemented, which is fine."""
        request = analyzer_pb2.AnalyzerHandshakeRequest(
            engine_address=self.engine_address,
            root_directory=str(self.pack_dir),
            program_directory=str(self.pack_dir),
        )
        self._call("Handshake", request, tolerate_unimplemented=True)

    def configure_stack(self, *, tags: Mapping[str, str] | None = None) -> None:
        """Send ``ConfigureStack`` with this run's stack, project, organization, dry-run flag, config and tags."""
        request = analyzer_pb2.AnalyzerStackConfigureRequest(
            stack=self.stack,
            project=self.project,
            organization=self.organization,
            dry_run=self.dry_run,
        )
        for key, value in self.config.items():
            request.config[key] = _config_string(value)
            if isinstance(value, Secret | OpaqueSecret):
                request.config_secret_keys.append(key)
        for key, tag in (tags or {}).items():
            request.tags[key] = tag
        self._call("ConfigureStack", request, tolerate_unimplemented=True)

    def get_plugin_info(self) -> str:
        """Send ``GetPluginInfo``; return the plugin's version (pulumi_policy's own version)."""
        response: plugin_pb2.PluginInfo = self._call("GetPluginInfo", empty_pb2.Empty())
        return response.version

    def get_analyzer_info(self) -> AnalyzerInfo:
        """Send ``GetAnalyzerInfo``; return the pack's and its policies' metadata."""
        response: analyzer_pb2.AnalyzerInfo = self._call("GetAnalyzerInfo", empty_pb2.Empty())
        policies = []
        for p in response.policies:
            schema: Mapping[str, Any] | None = None
            required: tuple[str, ...] = ()
            if p.HasField("configSchema"):
                schema = json_format.MessageToDict(p.configSchema.properties) or None
                required = tuple(p.configSchema.required)
            framework = {}
            if p.HasField("framework"):
                framework = {
                    k: v
                    for k, v in (
                        ("name", p.framework.name),
                        ("version", p.framework.version),
                        ("reference", p.framework.reference),
                        ("specification", p.framework.specification),
                    )
                    if v
                }
            policies.append(
                PolicyInfo(
                    name=p.name,
                    description=p.description,
                    enforcement_level=LEVEL_NAMES.get(p.enforcementLevel, "advisory"),
                    display_name=p.displayName,
                    severity=SEVERITY_NAMES.get(p.severity, ""),
                    remediation_steps=p.remediation_steps,
                    url=p.url,
                    tags=tuple(p.tags),
                    policy_type=POLICY_TYPES.get(p.policy_type, ""),
                    config_schema=schema,
                    config_required=required,
                    framework=framework,
                )
            )
        initial = {
            name: PolicyConfig(
                # As in the engine: an initial-config entry without a level reads as ADVISORY (enum zero).
                enforcement_level=LEVEL_NAMES.get(cfg.enforcementLevel, "advisory"),
                properties=json_format.MessageToDict(cfg.properties),
            )
            for name, cfg in response.initialConfig.items()
        }
        return AnalyzerInfo(
            name=response.name,
            version=self.yaml_version or response.version,
            policies=tuple(policies),
            display_name=response.displayName,
            description=response.description,
            supports_config=response.supportsConfig,
            initial_config=initial,
        )

    def configure(self, policy_config: Mapping[str, Mapping[str, Any] | PolicyConfig]) -> None:
        """Send ``Configure``: policy name to ``{"enforcementLevel": ..., <properties>...}`` (or a PolicyConfig).

        Like the engine, nothing is sent for an empty map. Every entry needs a valid enforcement level:
        pulumi_policy reads a missing one as ``advisory``, so :func:`reconcile_policy_config` fills it in.
        """
        if not policy_config:
            return
        request = analyzer_pb2.ConfigureAnalyzerRequest()
        for name, entry in policy_config.items():
            if isinstance(entry, PolicyConfig):
                level, properties = entry.enforcement_level, dict(entry.properties)
            else:
                properties = dict(entry)
                level = str(properties.pop("enforcementLevel", ""))
            if level not in LEVEL_VALUES:
                raise PolicyConfigError([f"{name}: invalid enforcement level {level!r}"])
            message = analyzer_pb2.PolicyConfig(enforcementLevel=LEVEL_VALUES[level])  # type: ignore[arg-type]
            message.properties.update(encode_value(properties, skip_internal_keys=False))
            request.policyConfig[name].CopyFrom(message)
        self._call("Configure", request)

    def _diagnostics(self, response: analyzer_pb2.AnalyzeResponse, urn_for: Callable[[str], str]) -> list[Diagnostic]:
        result = []
        for d in response.diagnostics:
            level = LEVEL_NAMES.get(d.enforcementLevel, "advisory")
            if level == "remediate":
                # The engine reports a violation at level remediate as mandatory.
                level = "mandatory"
            result.append(
                Diagnostic(
                    policy_name=d.policyName,
                    policy_pack_name=d.policyPackName,
                    policy_pack_version=self.yaml_version or d.policyPackVersion,
                    message=d.message,
                    urn=urn_for(d.urn),
                    enforcement_level=level,
                    severity=SEVERITY_NAMES.get(d.severity, ""),
                    description=d.description,
                )
            )
        return result

    def _analyze_request(
        self, record: ResourceRecord, provider: ResourceRecord | None, *, skip_internal_keys: bool = True
    ) -> analyzer_pb2.AnalyzeRequest:
        return analyzer_pb2.AnalyzeRequest(
            type=record.type,
            properties=to_struct(record.inputs, skip_internal_keys=skip_internal_keys),
            urn=record.urn,
            name=record.name,
            options=_options(record, include_parent=True),
            provider=_provider_message(provider),
        )

    def remediate(self, record: ResourceRecord, provider: ResourceRecord | None = None) -> list[Remediation]:
        """Send ``Remediate`` for a resource's inputs (internal keys kept, as the engine does)."""
        response: analyzer_pb2.RemediateResponse | None = self._call(
            "Remediate", self._analyze_request(record, provider, skip_internal_keys=False), tolerate_unimplemented=True
        )
        if response is None:
            return []
        return [
            Remediation(
                policy_name=r.policyName,
                policy_pack_name=r.policyPackName,
                policy_pack_version=self.yaml_version or r.policyPackVersion,
                description=r.description,
                urn=record.urn,
                properties=from_struct(r.properties) if r.HasField("properties") else None,
                diagnostic=r.diagnostic,
            )
            for r in response.remediations
        ]

    def analyze(self, record: ResourceRecord, provider: ResourceRecord | None = None) -> list[Diagnostic]:
        """Send ``Analyze`` for a resource's inputs; every diagnostic gets the resource's URN, as in the engine."""
        response: analyzer_pb2.AnalyzeResponse = self._call("Analyze", self._analyze_request(record, provider))
        return self._diagnostics(response, lambda _reported: record.urn)

    def analyze_stack(
        self,
        records: Sequence[ResourceRecord],
        providers: Mapping[str, ResourceRecord] | None = None,
        *,
        include_parent_option: bool = False,
        default_urn: str = "",
    ) -> list[Diagnostic]:
        """Send ``AnalyzeStack`` with every resource's outputs, parent and dependencies.

        Providers are looked up by URN in ``providers`` and then in ``records``. A diagnostic keeps its URN
        when it names one of ``records``; otherwise it gets ``default_urn`` (the engine uses the root stack's
        URN during a deployment). ``include_parent_option`` also fills ``options.parent``, as the engine does in
        deployments and in ``pulumi policy analyze``.
        """
        known = {r.urn: r for r in records}
        lookup = {**known, **(providers or {})}
        request = analyzer_pb2.AnalyzeStackRequest()
        for record in records:
            provider = lookup.get(record.provider_urn) if record.provider_urn else None
            message = request.resources.add(
                type=record.type,
                properties=to_struct(record.outputs),
                urn=record.urn,
                name=record.name,
                options=_options(record, include_parent=include_parent_option),
                parent=record.parent_urn or "",
                dependencies=list(record.dependencies),
            )
            provider_message = _provider_message(provider)
            if provider_message is not None:
                message.provider.CopyFrom(provider_message)
            for prop, urns in record.property_dependencies.items():
                # The engine leaves out properties that depend on nothing.
                if urns:
                    message.propertyDependencies[prop].urns.extend(urns)
        response: analyzer_pb2.AnalyzeResponse | None = self._call("AnalyzeStack", request, tolerate_unimplemented=True)
        if response is None:
            return []
        return self._diagnostics(response, lambda reported: reported if reported in known else default_urn)


def _options(record: ResourceRecord, *, include_parent: bool) -> analyzer_pb2.AnalyzerResourceOptions:
    timeouts = record.custom_timeouts
    options = analyzer_pb2.AnalyzerResourceOptions(
        protect=record.protect,
        ignoreChanges=list(record.ignore_changes),
        deleteBeforeReplace=bool(record.delete_before_replace),
        deleteBeforeReplaceDefined=record.delete_before_replace is not None,
        additionalSecretOutputs=list(record.additional_secret_outputs),
        aliases=list(record.aliases),
        parent=(record.parent_urn or "") if include_parent else "",
    )
    # The engine always sends the timeouts message, zeros when the option is not set.
    options.customTimeouts.create = timeouts.create if timeouts else 0.0
    options.customTimeouts.update = timeouts.update if timeouts else 0.0
    options.customTimeouts.delete = timeouts.delete if timeouts else 0.0
    return options


#: Encoded provider messages by the identity of their (frozen) record, with the record kept alive so that its id
#: is not reused: every resource of a stack carries its provider, and a stack has few providers.
_PROVIDER_MESSAGES: dict[int, tuple[ResourceRecord, analyzer_pb2.AnalyzerProviderResource]] = {}
_PROVIDER_MESSAGES_MAX: Final = 256


def _provider_message(provider: ResourceRecord | None) -> analyzer_pb2.AnalyzerProviderResource | None:
    if provider is None:
        return None
    cached = _PROVIDER_MESSAGES.get(id(provider))
    if cached is not None and cached[0] is provider:
        # Callers copy it into their request (protobuf copies a message field on assignment).
        return cached[1]
    message = analyzer_pb2.AnalyzerProviderResource(
        type=provider.type, properties=to_struct(provider.inputs), urn=provider.urn, name=provider.name
    )
    if len(_PROVIDER_MESSAGES) >= _PROVIDER_MESSAGES_MAX:
        _PROVIDER_MESSAGES.clear()
    _PROVIDER_MESSAGES[id(provider)] = (provider, message)
    return message

