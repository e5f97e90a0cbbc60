"""Child process of :func:`residency.engine.program.run_program`: run a Pulumi program the way the engine would.

It does what the Python language host does (config from ``PULUMI_CONFIG``/``PULUMI_CONFIG_SECRET_KEYS``, the
program run with ``runpy`` inside ``run_in_stack``), but against :class:`CapturingMonitor` instead of an
engine; the monitor (:mod:`.monitor`) stands in for the engine and the providers. ``--phase preview`` hands
the program what a preview knows, ``--phase up`` what a deployment knows once each dependency exists.

The result (or the error) is written as JSON to the ``--output`` file; stdout and stderr belong to the
program. This module runs inside the *project's* interpreter, which may lack everything but ``pulumi``: it
imports only the standard library, ``pulumi`` (with grpc and protobuf) and modules of this package that do
the same; AWS partition data comes from the parent in ``--aws-data``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import runpy
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
from google.protobuf import empty_pb2
from pulumi.runtime import mocks

from residency import aws
from residency.engine import aws_provider
from residency.engine.monitor import CapturingMonitor
from residency.engine.program import record_to_json


def _frames(exc: BaseException) -> list[dict[str, Any]]:
    return [
        {"file": f.filename, "line": f.lineno or 0, "function": f.name, "code": (f.line or "").strip()}
        for f in traceback.extract_tb(exc.__traceback__)
    ]


def _failure(message: str, exc: BaseException | None) -> dict[str, Any]:
    if exc is None:
        return {"ok": False, "error": message, "frames": [], "traceback": message}
    return {
        "ok": False,
        "error": message,
        "frames": _frames(exc),
        "traceback": "".join(traceback.format_exception(exc)),
    }


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from pulumi.runtime import config as runtime_config
    from pulumi.runtime import settings
    from pulumi.runtime.stack import run_in_stack

    # As the language host does: config and its secret keys from the environment.
    config = runtime_config.get_config_env()
    secret_keys = runtime_config.get_config_secret_keys_env()
    runtime_config.set_all_config(config, secret_keys)

    monitor = CapturingMonitor(
        args.project, args.stack, config, set(secret_keys), phase=args.phase, account=args.account
    )
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
            return _failure(f"The program called sys.exit({exc.code!r})", exc)
    except pulumi.RunError as exc:
        # The language host prints only the message of a RunError.
        return _failure(str(exc), None)
    except ModuleNotFoundError as exc:
        return {**_failure("".join(traceback.format_exception_only(exc)).strip(), exc), "missing": exc.name}
    except Exception as exc:
        return _failure("".join(traceback.format_exception_only(exc)).strip(), exc)
    finally:
        loop.close()
    return {
        "ok": True,
        "resources": [record_to_json(r) for r in monitor.records.values()],
        "notes": {
            "phase": args.phase,
            "region_from_environment": dict(monitor.region_sources),
            "lookups": dict(monitor.lookups),
            "expanded": list(monitor.expanded),
        },
    }


def _load_aws_data(path: str | None) -> None:
    if path:
        aws.use_partition_data(json.loads(Path(path).read_text(encoding="utf-8")))


def main(argv: list[str] | None = None, run: Callable[[argparse.Namespace], dict[str, Any]] = _run) -> int:
    """Entry point: run the program, write the JSON result to ``--output``; exit 0 on success, 1 on failure."""
    parser = argparse.ArgumentParser(prog="python -m residency.engine._mockrun")
    parser.add_argument("--program-dir", required=True)
    parser.add_argument("--main", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--organization", default="organization")
    parser.add_argument("--output", required=True)
    parser.add_argument("--phase", choices=("preview", "up"), default="preview")
    parser.add_argument("--account", default=aws_provider.MOCK_ACCOUNT)
    parser.add_argument("--aws-data", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s", stream=sys.stderr)
    _load_aws_data(args.aws_data)
    result = run(args)
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
