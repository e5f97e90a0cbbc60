"""Run a Pulumi Python program under mocks in a child process and capture what it registers.

:func:`run_program` starts ``python -m residency.engine._mockrun`` in the program's directory with the stack
config in ``PULUMI_CONFIG`` and ``PULUMI_CONFIG_SECRET_KEYS`` (as the engine hands config to a language host),
waits for it with a time limit, and reads back the resources the child wrote to a JSON file. The program's
own stdout and stderr go to files, so it may print as much as it likes without blocking anything.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from residency import aws
from residency.engine.records import CustomTimeouts, ResourceRecord, Secret, StackSnapshot
from residency.engine.wire import decode_value, encode_value

#: How much of the program's stderr an error message quotes.
_OUTPUT_TAIL_CHARS: Final = 4000


class ProgramError(RuntimeError):
    """The program failed, timed out or could not be run.

    ``str()`` gives the message and the traceback trimmed to frames in the program's directory;
    ``full_traceback`` keeps the whole one (for ``--debug``), ``output_tail`` the end of the program's stderr.
    """

    def __init__(self, message: str, *, traceback: str = "", full_traceback: str = "", output_tail: str = "") -> None:
        self.message = message
        self.traceback = traceback
        self.full_traceback = full_traceback
        self.output_tail = output_tail
        super().__init__(message + (f"\n{traceback}" if traceback else ""))


@dataclass(frozen=True)
class _Frame:
    file: str
    line: int
    function: str
    code: str


def record_to_json(record: ResourceRecord) -> dict[str, Any]:
    """A record as a JSON-ready dict; property values use the engine's wire encoding (secrets stay marked)."""
    timeouts = record.custom_timeouts
    return {
        "urn": record.urn,
        "type": record.type,
        "name": record.name,
        "custom": record.custom,
        "inputs": encode_value(dict(record.inputs), skip_internal_keys=False),
        "outputs": encode_value(dict(record.outputs), skip_internal_keys=False),
        "id": record.id,
        "provider_urn": record.provider_urn,
        "provider_id": record.provider_id,
        "parent_urn": record.parent_urn,
        "dependencies": list(record.dependencies),
        "property_dependencies": {k: list(v) for k, v in record.property_dependencies.items()},
        "protect": record.protect,
        "ignore_changes": list(record.ignore_changes),
        "delete_before_replace": record.delete_before_replace,
        "additional_secret_outputs": list(record.additional_secret_outputs),
        "aliases": list(record.aliases),
        "custom_timeouts": None if timeouts is None else [timeouts.create, timeouts.update, timeouts.delete],
        "external": record.external,
        "pending_delete": record.pending_delete,
        "remote": record.remote,
    }


def record_from_json(data: Mapping[str, Any]) -> ResourceRecord:
    """The inverse of :func:`record_to_json`."""
    timeouts = data.get("custom_timeouts")
    return ResourceRecord(
        urn=data["urn"],
        type=data["type"],
        name=data["name"],
        custom=bool(data["custom"]),
        inputs=decode_value(data.get("inputs") or {}),
        outputs=decode_value(data.get("outputs") or {}),
        id=data.get("id"),
        provider_urn=data.get("provider_urn"),
        provider_id=data.get("provider_id"),
        parent_urn=data.get("parent_urn"),
        dependencies=tuple(data.get("dependencies") or ()),
        property_dependencies={k: tuple(v) for k, v in (data.get("property_dependencies") or {}).items()},
        protect=bool(data.get("protect")),
        ignore_changes=tuple(data.get("ignore_changes") or ()),
        delete_before_replace=data.get("delete_before_replace"),
        additional_secret_outputs=tuple(data.get("additional_secret_outputs") or ()),
        aliases=tuple(data.get("aliases") or ()),
        custom_timeouts=None if timeouts is None else CustomTimeouts(*timeouts),
        external=bool(data.get("external")),
        pending_delete=bool(data.get("pending_delete")),
        remote=bool(data.get("remote")),
    )


def _tail(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - _OUTPUT_TAIL_CHARS))
            return handle.read().decode("utf-8", errors="replace").strip()
    except OSError:
        return ""


def _trim_traceback(frames: list[_Frame], program_dir: Path, error: str) -> str:
    """The traceback with only the frames in the program's directory (the user's code), like Python prints it."""
    root = program_dir.resolve()
    kept = []
    for frame in frames:
        try:
            inside = Path(frame.file).resolve().is_relative_to(root)
        except (OSError, ValueError):
            inside = False
        # Installed packages can live under the program directory (a venv there); they are not the user's code.
        if inside and "site-packages" not in Path(frame.file).parts:
            kept.append(frame)
    if not kept:
        return error
    lines = ["Traceback (most recent call last, frames in the program only):"]
    for frame in kept:
        lines.append(f'  File "{frame.file}", line {frame.line}, in {frame.function}')
        if frame.code:
            lines.append(f"    {frame.code}")
    lines.append(error)
    return "\n".join(lines)


def run_program(
    program_dir: str | os.PathLike[str],
    project: str,
    stack: str,
    config: Mapping[str, str],
    secret_keys: Set[str],
    timeout: float,
    *,
    main: str | os.PathLike[str] | None = None,
    organization: str = "organization",
    python: str | None = None,
    phase: Literal["preview", "up"] = "preview",
    account: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> StackSnapshot:
    """Run the program in ``program_dir`` offline and return the resources it registered.

    :param config: namespaced config keys (``aws:region``) to string values, as the engine passes them.
    :param secret_keys: the config keys whose values are secret.
    :param timeout: seconds the program may run; after that its process group is killed.
    :param main: the entry point (a file, or a directory holding ``__main__.py``); default ``program_dir``.
    :param python: the interpreter to run the program with (the project's; default: this one). It needs
        ``pulumi`` only: this package's engine modules are put on its path, AWS data is handed over as JSON.
    :param phase: ``preview`` (outputs as a preview knows them) or ``up`` (as after the deployment).
    :param account: the AWS account in computed ARNs and ``getCallerIdentity`` (default: a fixed mock account).
    :param environ: the program's environment (default: this process's).
    :raises ProgramError: the program raised, exited early, or ran out of time.
    """
    directory = Path(program_dir).resolve()
    entry = Path(main).resolve() if main is not None else directory
    if not directory.is_dir():
        raise ProgramError(f"{directory} is not a directory.")
    if not entry.exists():
        raise ProgramError(f"The program's entry point {entry} does not exist.")

    with tempfile.TemporaryDirectory(prefix="residency-run-") as scratch_name:
        scratch = Path(scratch_name)
        result_path = scratch / "result.json"
        stdout_path = scratch / "stdout.txt"
        stderr_path = scratch / "stderr.txt"
        env = dict(os.environ if environ is None else environ)
        # The language host hands config to the program this way; set_all_config reads both.
        env["PULUMI_CONFIG"] = json.dumps(dict(config))
        env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(sorted(secret_keys))
        interpreter = python or sys.executable
        aws_data = scratch / "aws-partitions.json"
        aws_data.write_text(json.dumps(aws.partition_data()), encoding="utf-8")
        if not same_interpreter(interpreter):
            # The project's interpreter has its own packages and may lack this one: give it this package's
            # source, alone, on its path (the child imports only the standard library, pulumi and this package).
            env["PYTHONPATH"] = os.pathsep.join(
                [str(_package_root(scratch)), *filter(None, [env.get("PYTHONPATH", "")])]
            )
        command = [
            interpreter,
            "-m",
            "residency.engine._mockrun",
            "--program-dir",
            str(directory),
            "--main",
            str(entry),
            "--project",
            project,
            "--stack",
            stack,
            "--organization",
            organization,
            "--output",
            str(result_path),
            "--phase",
            phase,
            "--aws-data",
            str(aws_data),
            *(["--account", account] if account else []),
        ]
        with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
            process = subprocess.Popen(
                command,
                cwd=directory,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(process)
                raise ProgramError(
                    f"The program in {directory} did not finish within {timeout:g} s.",
                    output_tail=_tail(stderr_path),
                ) from None
            finally:
                if process.poll() is None:
                    _kill_group(process)
        output_tail = _tail(stderr_path)
        if not result_path.exists():
            raise ProgramError(
                f"The program in {directory} exited with code {code} before it finished."
                + (f"\n--- program stderr (end) ---\n{output_tail}" if output_tail else ""),
                output_tail=output_tail,
            )
        try:
            result = json.loads(result_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ProgramError(f"Could not read the program's results: {exc}", output_tail=output_tail) from None

    if not result.get("ok"):
        error = str(result.get("error") or "the program failed")
        missing = result.get("missing")
        if missing and not _own_module(str(missing), directory):
            # The program imports a package its interpreter does not have: say which, and how to get it.
            raise ProgramError(
                f"The program in {directory} imports the package {missing!r}, which {interpreter} cannot import. "
                "Install the project's dependencies into its environment (`pulumi install` creates the virtualenv "
                "named in Pulumi.yaml), or point residency check at an interpreter that has them with --python.",
                full_traceback=str(result.get("traceback") or error),
                output_tail=output_tail,
            )
        frames = [_Frame(**f) for f in result.get("frames") or []]
        full = str(result.get("traceback") or error)
        trimmed = _trim_traceback(frames, directory, error) if frames else ""
        raise ProgramError(
            f"The program in {directory} failed: {error}",
            traceback=trimmed if trimmed != error else "",
            full_traceback=full,
            output_tail=output_tail,
        )

    records = tuple(record_from_json(r) for r in result["resources"])
    notes = result.get("notes") or {}
    snapshot_config: dict[str, Any] = {k: (Secret(v) if k in secret_keys else v) for k, v in config.items()}
    return StackSnapshot(
        project=project,
        stack=stack,
        organization=organization,
        config=snapshot_config,
        resources=records,
        source="program",
        notes=notes,
    )


def frames_of(result: Mapping[str, Any]) -> list[_Frame]:
    """The traceback frames of a failed child's result."""
    return [_Frame(**f) for f in result.get("frames") or []]


def _own_module(missing: str, directory: Path) -> bool:
    """Whether a module that failed to import is one of the program's own (then the error is the user's)."""
    top = missing.split(".", 1)[0]
    return (directory / top).is_dir() or (directory / f"{top}.py").is_file()


def same_interpreter(python: str) -> bool:
    """Whether ``python`` is the interpreter running this process."""
    # Not resolved: a virtualenv's python is a link to the same binary, yet another environment.
    return os.path.abspath(python) == os.path.abspath(sys.executable)


def _package_root(scratch: Path) -> Path:
    """A directory holding only this package (a link to it), to put first on another interpreter's path."""
    import residency

    root = scratch / "pythonpath"
    root.mkdir(exist_ok=True)
    link = root / "residency"
    if not link.exists():
        link.symlink_to(Path(residency.__file__).resolve().parent, target_is_directory=True)
    return root


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()
