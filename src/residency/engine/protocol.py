"""Run a Pulumi Python policy pack the way the Pulumi engine does: a real pack process and the real Analyzer RPCs.

The engine starts a Python pack as ``python -u -m pulumi.policy <engine-address> <pack-dir>`` in the pack's
directory, with ``PULUMI_ORGANIZATION``, ``PULUMI_PROJECT``, ``PULUMI_STACK``, ``PULUMI_DRY_RUN`` and
``PULUMI_CONFIG`` in the environment, reads the gRPC port from the first line the pack prints, and calls
``Handshake``, ``ConfigureStack``, ``GetPluginInfo``, ``GetAnalyzerInfo`` and ``Configure``; then ``Remediate``
and ``Analyze`` for every resource it registers, and ``AnalyzeStack`` once at the end. :class:`PackProcess`
makes those calls one by one; :func:`run_pack` makes the whole sequence over a :class:`StackSnapshot`.

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal, ParamSpec, TypeVar

import grpc
import yaml
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc, engine_pb2, engine_pb2_grpc, plugin_pb2

from residency.engine.records import (
    UNKNOWN,
    OpaqueSecret,
    ResourceRecord,
    Secret,
    StackSnapshot,
    is_provider_type,
    root_stack_urn,
)

# ---------------------------------------------------------------------------------------------------------------
# Property encoding, as the engine's MarshalProperties does it for analyzers.
# ---------------------------------------------------------------------------------------------------------------

#: The key whose value says what kind of special object a dict is.
SIG_KEY: Final = "4dabf18193072939515e22adb298388d"
#: Signature of a secret: ``{SIG_KEY: SECRET_SIG, "value": ...}`` on the wire.
SECRET_SIG: Final = "1b47061264138c4ac30d75fd1eb44270"
#: Signature of an asset.
ASSET_SIG: Final = "c44067f5952c0a294b673a41bacd8c17"
#: Signature of an archive.
ARCHIVE_SIG: Final = "0def7320c3a5731c473e5ecbe6d01bc7"
#: Signature of a resource reference (SDK to engine only; analyzers get an ID or URN instead).
RESOURCE_SIG: Final = "5cf8f73096256a8f31e491e813e4eb8e"
#: Signature of an output value (SDK to engine only).
OUTPUT_VALUE_SIG: Final = "d0e6a833031e9bbcd3f4e8bde6ca49a4"
#: The string that stands for an unknown value.
UNKNOWN_STRING: Final = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

# gRPC refuses messages above 4 MiB by default; a stack with large inputs (Lambda code, policies) easily
# exceeds that in AnalyzeStack. The engine and pulumi_policy both raise the limit to 400 MiB.
_MAX_MESSAGE_BYTES: Final = 400 * 1024 * 1024
_CHANNEL_OPTIONS: Final = [
    ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
]


def _is_internal_key(key: str) -> bool:
    # The engine's SkipInternalKeys drops keys starting with "__" (``__defaults``, ``__internal``, ...).
    return key.startswith("__")


def encode_value(value: Any, *, skip_internal_keys: bool = True) -> Any:
    """A property value in the engine's wire form, as a JSON-like value (what goes inside a ``Struct``).

    Secrets become ``{SIG_KEY: SECRET_SIG, "value": ...}``; an :class:`OpaqueSecret` becomes a secret whose
    value is unknown, so no ciphertext or plaintext ever crosses; :data:`UNKNOWN` becomes ``UNKNOWN_STRING``;
    numbers become floats (protobuf numbers are doubles); assets and archives pass through as dicts.
    """
    if value is None or isinstance(value, str | bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if value is UNKNOWN:
        return UNKNOWN_STRING
    if isinstance(value, Secret):
        return {SIG_KEY: SECRET_SIG, "value": encode_value(value.value, skip_internal_keys=skip_internal_keys)}
    if isinstance(value, OpaqueSecret):
        return {SIG_KEY: SECRET_SIG, "value": UNKNOWN_STRING}
    if isinstance(value, Mapping):
        if SIG_KEY in value:
            # An asset or archive: its own keys are meaningful, never "internal".
            return {str(k): encode_value(v, skip_internal_keys=False) for k, v in value.items()}
        return {
            str(k): encode_value(v, skip_internal_keys=skip_internal_keys)
            for k, v in value.items()
            if not (skip_internal_keys and _is_internal_key(str(k)))
        }
    if isinstance(value, list | tuple):
        return [encode_value(v, skip_internal_keys=skip_internal_keys) for v in value]
    raise TypeError(f"Cannot encode a {type(value).__name__} as a Pulumi property value.")


def to_struct(props: Mapping[str, Any], *, skip_internal_keys: bool = True) -> struct_pb2.Struct:
    """Encode a property map into a ``google.protobuf.Struct`` exactly as the engine sends it to an analyzer.

    ``skip_internal_keys`` drops ``__``-prefixed keys at every level, as the engine does for ``Analyze`` and
    ``AnalyzeStack`` (it keeps them for ``Remediate``).
    """
    encoded = encode_value(dict(props), skip_internal_keys=skip_internal_keys)
    struct = struct_pb2.Struct()
    struct.update(encoded)
    return struct


def decode_value(value: Any) -> Any:
    """The inverse of :func:`encode_value` for JSON-like values, plus the forms found in state files and SDK requests.

    Secrets with a ``value`` or a ``plaintext`` (JSON text) become :class:`Secret`, secrets with a ``ciphertext``
    become :class:`OpaqueSecret`; ``UNKNOWN_STRING`` becomes :data:`UNKNOWN`; a resource reference becomes the
    resource's ID (its URN when it has no ID), as the engine hands references to analyzers; an output value
    becomes its value (or :data:`UNKNOWN`), kept secret when it is.
    """
    if isinstance(value, str):
        return UNKNOWN if value == UNKNOWN_STRING else value
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    sig = value.get(SIG_KEY)
    if sig is None:
        return {k: decode_value(v) for k, v in value.items()}
    if sig == SECRET_SIG:
        if "ciphertext" in value:
            return OpaqueSecret()
        if "plaintext" in value:
            plaintext = value["plaintext"]
            return Secret(decode_value(json.loads(plaintext)) if isinstance(plaintext, str) else None)
        return Secret(decode_value(value.get("value")))
    if sig == RESOURCE_SIG:
        ref_id = value.get("id")
        if ref_id is not None and ref_id != "":
            return decode_value(ref_id)
        return str(value.get("urn", ""))
    if sig == OUTPUT_VALUE_SIG:
        inner = decode_value(value["value"]) if "value" in value else UNKNOWN
        return Secret(inner) if value.get("secret") else inner
    # Assets, archives and anything newer: keep the dict, decoding nested values (an archive's assets).
    return {k: decode_value(v) for k, v in value.items()}


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """Decode a ``Struct`` from the wire into a property map (see :func:`decode_value`)."""
    decoded = decode_value(json_format.MessageToDict(struct))
    if not isinstance(decoded, dict):
        raise TypeError("A property Struct did not decode to a mapping.")
    return decoded


# ---------------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------------

EnforcementLevel = Literal["advisory", "mandatory", "disabled", "remediate"]
_LEVEL_NAMES: Final[dict[int, EnforcementLevel]] = {
    analyzer_pb2.ADVISORY: "advisory",
    analyzer_pb2.MANDATORY: "mandatory",
    analyzer_pb2.DISABLED: "disabled",
    analyzer_pb2.REMEDIATE: "remediate",
}
_LEVEL_VALUES: Final[dict[str, int]] = {name: number for number, name in _LEVEL_NAMES.items()}
_SEVERITY_NAMES: Final[dict[int, str]] = {
    analyzer_pb2.POLICY_SEVERITY_UNSPECIFIED: "",
    analyzer_pb2.POLICY_SEVERITY_LOW: "low",
    analyzer_pb2.POLICY_SEVERITY_MEDIUM: "medium",
    analyzer_pb2.POLICY_SEVERITY_HIGH: "high",
    analyzer_pb2.POLICY_SEVERITY_CRITICAL: "critical",
}
_POLICY_TYPES: Final[dict[int, str]] = {
    analyzer_pb2.POLICY_TYPE_UNKNOWN: "",
    analyzer_pb2.POLICY_TYPE_RESOURCE: "resource",
    analyzer_pb2.POLICY_TYPE_STACK: "stack",
}


class EngineError(RuntimeError):
    """The policy pack could not be started or run; the message says what happened, with the pack's stderr tail."""


class PolicyConfigError(EngineError):
    """The policy configuration is invalid for this pack; ``problems`` lists each ``<policy>: <problem>``."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("Invalid policy pack configuration: " + "; ".join(self.problems))


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
class PolicyInfo:
    """One policy's metadata from ``GetAnalyzerInfo``."""

    name: str
    description: str
    #: The policy's default enforcement level (before configuration).
    enforcement_level: EnforcementLevel
    display_name: str = ""
    severity: str = ""
    remediation_steps: str = ""
    url: str = ""
    tags: tuple[str, ...] = ()
    #: ``resource``, ``stack``, or ``""`` when the pack does not say.
    policy_type: str = ""
    #: The JSON schema of the policy's configuration properties, ``None`` when the policy has none.
    config_schema: Mapping[str, Any] | None = None
    #: The policy's required configuration properties.
    config_required: tuple[str, ...] = ()
    #: Compliance framework fields (name, version, reference, specification) when the policy has them.
    framework: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PolicyConfig:
    """A policy's configuration as the engine sends it in ``Configure``."""

    enforcement_level: str
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalyzerInfo:
    """The pack's metadata from ``GetAnalyzerInfo``; ``version`` is PulumiPolicy.yaml's when it has one."""

    name: str
    version: str
    policies: tuple[PolicyInfo, ...]
    display_name: str = ""
    description: str = ""
    supports_config: bool = False
    initial_config: Mapping[str, PolicyConfig] = field(default_factory=dict)

    def policy(self, name: str) -> PolicyInfo | None:
        """The policy called ``name``, if the pack has it."""
        return next((p for p in self.policies if p.name == name), None)


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
_T = TypeVar("_T")
_P = ParamSpec("_P")


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
                    enforcement_level=_LEVEL_NAMES.get(p.enforcementLevel, "advisory"),
                    display_name=p.displayName,
                    severity=_SEVERITY_NAMES.get(p.severity, ""),
                    remediation_steps=p.remediation_steps,
                    url=p.url,
                    tags=tuple(p.tags),
                    policy_type=_POLICY_TYPES.get(p.policy_type, ""),
                    config_schema=schema,
                    config_required=required,
                    framework=framework,
                )
            )
        initial = {
            name: PolicyConfig(
                # As in the engine: an initial-config entry without a level reads as ADVISORY (enum zero).
                enforcement_level=_LEVEL_NAMES.get(cfg.enforcementLevel, "advisory"),
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
            if level not in _LEVEL_VALUES:
                raise PolicyConfigError([f"{name}: invalid enforcement level {level!r}"])
            message = analyzer_pb2.PolicyConfig(enforcementLevel=_LEVEL_VALUES[level])  # type: ignore[arg-type]
            message.properties.update(encode_value(properties, skip_internal_keys=False))
            request.policyConfig[name].CopyFrom(message)
        self._call("Configure", request)

    def _diagnostics(self, response: analyzer_pb2.AnalyzeResponse, urn_for: Callable[[str], str]) -> list[Diagnostic]:
        result = []
        for d in response.diagnostics:
            level = _LEVEL_NAMES.get(d.enforcementLevel, "advisory")
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
                    severity=_SEVERITY_NAMES.get(d.severity, ""),
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
        URN during a deployment). ``include_parent_option`` also fills ``options.parent``, which the engine
        does only for ``pulumi policy analyze``.
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


# ---------------------------------------------------------------------------------------------------------------
# Policy configuration, reconciled as the engine's ReconcilePolicyPackConfig does.
# ---------------------------------------------------------------------------------------------------------------


def parse_policy_config(config: Mapping[str, Any]) -> dict[str, PolicyConfig]:
    """Read a ``--policy-pack-config`` document: policy name to a level string or ``{enforcementLevel?, ...}``.

    Entries with neither a level nor properties are dropped, as the engine drops them.
    """
    result: dict[str, PolicyConfig] = {}
    problems: list[str] = []
    for name, value in config.items():
        if isinstance(value, str):
            level, properties = value, {}
        elif isinstance(value, Mapping):
            properties = dict(value)
            raw_level = properties.pop("enforcementLevel", "")
            if not isinstance(raw_level, str):
                problems.append(f"{name}: {raw_level!r} is not a valid enforcement level; must be a string")
                continue
            level = raw_level
        else:
            problems.append(f"{name}: {value!r} is not a valid value; must be a string or object")
            continue
        if level and level not in _LEVEL_VALUES:
            problems.append(f"{name}: {level!r} is not a valid enforcement level")
            continue
        if level or properties:
            result[str(name)] = PolicyConfig(level, properties)
    if problems:
        raise PolicyConfigError(problems)
    return result


def _apply_config(result: dict[str, PolicyConfig], given: Mapping[str, PolicyConfig]) -> None:
    everything = given.get("all")
    if everything is not None and everything.enforcement_level in _LEVEL_VALUES:
        for name, current in list(result.items()):
            result[name] = PolicyConfig(everything.enforcement_level, current.properties)
    # As in the engine, every given entry lands in the result, "all" and unknown policy names included.
    for name, entry in given.items():
        before = result.get(name)
        level = before.enforcement_level if before else ""
        properties = dict(before.properties) if before else {}
        if entry.enforcement_level in _LEVEL_VALUES:
            level = entry.enforcement_level
        properties.update(entry.properties)
        result[name] = PolicyConfig(level, properties)


def _validate(info: AnalyzerInfo, config: Mapping[str, PolicyConfig]) -> list[str]:
    if not info.supports_config:
        return []
    try:
        # Imported here: only a configurable pack needs it (the engine validates with gojsonschema).
        from jsonschema import validators
    except ImportError:
        raise EngineError(
            "Validating the policy pack configuration needs the 'jsonschema' package; install it."
        ) from None

    problems = []
    for policy in info.policies:
        properties = dict(policy.config_schema or {})
        properties["enforcementLevel"] = {"type": "string", "enum": sorted(_LEVEL_VALUES)}
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if policy.config_required:
            schema["required"] = list(policy.config_required)
        entry = config.get(policy.name)
        document = dict(entry.properties) if entry else {}
        validator = validators.validator_for(schema)(schema)
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in error.absolute_path)
            problems.append(f"{policy.name}: {where + ': ' if where else ''}{error.message}")
    return problems


def reconcile_policy_config(info: AnalyzerInfo, config: Mapping[str, Any] | None = None) -> dict[str, PolicyConfig]:
    """The configuration the engine sends in ``Configure``: defaults, then the pack's initial config, then ``config``.

    Every policy gets its default level and its schema's ``default`` values; the pack's ``initial_config`` and
    then ``config`` (as for ``--policy-pack-config``; an ``all`` entry sets every level) override them. The
    result is validated against each policy's config schema; problems raise :class:`PolicyConfigError`.
    """
    result: dict[str, PolicyConfig] = {}
    for policy in info.policies:
        defaults = {
            k: v["default"]
            for k, v in (policy.config_schema or {}).items()
            if isinstance(v, Mapping) and "default" in v
        }
        result[policy.name] = PolicyConfig(policy.enforcement_level, defaults)
    _apply_config(result, info.initial_config)
    if config:
        _apply_config(result, parse_policy_config(config))
    problems = _validate(info, result)
    problems += [
        f"{name}: invalid enforcement level {entry.enforcement_level!r}"
        for name, entry in result.items()
        if entry.enforcement_level not in _LEVEL_VALUES
    ]
    if problems:
        raise PolicyConfigError(problems)
    return result


# ---------------------------------------------------------------------------------------------------------------
# The whole run.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackRun:
    """Everything one run of a pack over a snapshot produced."""

    info: AnalyzerInfo
    #: pulumi_policy's version, from GetPluginInfo.
    plugin_version: str
    #: The configuration sent in ``Configure``.
    policy_config: Mapping[str, PolicyConfig]
    diagnostics: tuple[Diagnostic, ...]
    remediations: tuple[Remediation, ...]
    logs: tuple[LogMessage, ...]
    #: How many resources went through ``Analyze``, and how many through ``AnalyzeStack``.
    analyzed: int
    stack_analyzed: int
    #: Seconds spent: ``start`` (process to ready channel), ``analyze`` (all Remediate/Analyze), ``stack``.
    timings: Mapping[str, float] = field(default_factory=dict)


def _timed(timings: dict[str, float], key: str, action: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
    began = time.monotonic()
    try:
        return action(*args, **kwargs)
    finally:
        timings[key] = timings.get(key, 0.0) + time.monotonic() - began


def run_pack(
    pack_dir: str | os.PathLike[str],
    snapshot: StackSnapshot,
    policy_config: Mapping[str, Any] | None = None,
    dry_run: bool = True,
    timeout: float = 300.0,
    *,
    mode: Literal["deployment", "check"] | None = None,
    tags: Mapping[str, str] | None = None,
    python: str | None = None,
) -> PackRun:
    """Run a policy pack over ``snapshot`` with the engine's call sequence and return what it reported.

    ``mode`` picks which of the engine's two sequences to follow (default: ``deployment`` for a snapshot from a
    program, ``check`` for one from a state file):

    - ``deployment`` (``pulumi preview``/``up``): ``Remediate`` then ``Analyze`` for every registered resource
      in registration order (components, the root stack and providers included; reads excluded), with the
      inputs as remediated; then ``AnalyzeStack`` with all of them; stack diagnostics without a known URN get
      the root stack's URN.
    - ``check`` (``pulumi policy analyze``): ``Analyze`` for every resource except providers and pending
      deletions, then ``AnalyzeStack`` with the same set and ``options.parent`` filled; stack diagnostics
      without a known URN get the first resource's URN.

    ``timeout`` bounds the whole run, start included. Any failure raises :class:`EngineError`; there is no
    partial result.
    """
    chosen = mode or ("deployment" if snapshot.source == "program" else "check")
    began = time.monotonic()
    timings: dict[str, float] = {}
    live = [r for r in snapshot.resources if not r.pending_delete]
    by_urn = {r.urn: r for r in live}
    diagnostics: list[Diagnostic] = []
    remediations: list[Remediation] = []

    with PackProcess(
        pack_dir,
        project=snapshot.project,
        stack=snapshot.stack,
        organization=snapshot.organization,
        dry_run=dry_run,
        config=snapshot.config,
        python=python,
        start_timeout=timeout,
        root_urn=snapshot.root_urn,
    ) as pack:
        timings["start"] = pack.start_seconds
        pack.set_deadline(timeout - (time.monotonic() - began))
        pack.handshake()
        pack.configure_stack(tags=tags)
        plugin_version = pack.get_plugin_info()
        info = pack.get_analyzer_info()
        reconciled = reconcile_policy_config(info, policy_config)
        pack.configure(reconciled)

        def provider_of(record: ResourceRecord) -> ResourceRecord | None:
            return by_urn.get(record.provider_urn) if record.provider_urn else None

        analyzed = 0
        if chosen == "deployment":
            stack_records: list[ResourceRecord] = []
            for record in live:
                current = record
                if not record.external:
                    # Remediations rewrite the inputs the Analyze call (and the stored resource) then sees.
                    applied = _timed(timings, "analyze", pack.remediate, record, provider_of(record))
                    for remediation in applied:
                        remediations.append(remediation)
                        if remediation.diagnostic:
                            diagnostics.append(_remediation_diagnostic(remediation))
                        elif remediation.properties is not None:
                            current = _with_inputs(current, remediation.properties)
                    found = _timed(timings, "analyze", pack.analyze, current, provider_of(current))
                    diagnostics.extend(found)
                    analyzed += 1
                stack_records.append(current)
            default_urn = snapshot.root_urn
            include_parent = False
        else:
            stack_records = [r for r in live if not is_provider_type(r.type)]
            for record in stack_records:
                found = _timed(timings, "analyze", pack.analyze, record, provider_of(record))
                diagnostics.extend(found)
                analyzed += 1
            default_urn = stack_records[0].urn if stack_records else ""
            include_parent = True

        stack_found = _timed(
            timings,
            "stack",
            pack.analyze_stack,
            stack_records,
            by_urn,
            include_parent_option=include_parent,
            default_urn=default_urn,
        )
        diagnostics.extend(stack_found)
        logs = pack.logs
        if pack.returncode is not None:
            # A pack that exits right after answering must not pass as a clean run.
            raise EngineError(f"The policy pack exited with code {pack.returncode} during the run." + pack._tail_text())

    timings["total"] = time.monotonic() - began
    return PackRun(
        info=info,
        plugin_version=plugin_version,
        policy_config=reconciled,
        diagnostics=tuple(diagnostics),
        remediations=tuple(remediations),
        logs=logs,
        analyzed=analyzed,
        stack_analyzed=len(stack_records),
        timings=timings,
    )


def _remediation_diagnostic(remediation: Remediation) -> Diagnostic:
    # The engine shows a remediation that could not run as an advisory violation on the resource.
    return Diagnostic(
        policy_name=remediation.policy_name,
        policy_pack_name=remediation.policy_pack_name,
        policy_pack_version=remediation.policy_pack_version,
        message=remediation.diagnostic,
        urn=remediation.urn,
        enforcement_level="advisory",
        description=remediation.description,
    )


def _with_inputs(record: ResourceRecord, inputs: Mapping[str, Any]) -> ResourceRecord:
    return replace(record, inputs=dict(inputs))
