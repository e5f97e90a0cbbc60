"""Read a Pulumi project and stack the way the Pulumi CLI does: ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``.

Only what ``residency check`` needs: the project name, that the runtime is Python, the program's entry point,
and the stack configuration with namespaced keys. Secure values (``{secure: v1:...}``) cannot be decrypted
without the stack's secrets provider, so they reach the program as secrets holding a placeholder, and their
ciphertext is never printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

#: What a program sees for a secure config value it cannot decrypt offline.
SECRET_PLACEHOLDER = "[secret]"


class ProjectError(ValueError):
    """A project or stack file that cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Project:
    """A Pulumi Python project, its selected stack and that stack's configuration."""

    directory: Path
    name: str
    stack: str
    main: Path
    #: Namespaced keys (``aws:region``) to string values, as the engine hands them to a program.
    config: Mapping[str, str] = field(default_factory=dict)
    #: The keys whose values are secrets.
    secret_keys: frozenset[str] = frozenset()
    #: The stack file the configuration came from, or ``None`` when the stack has none.
    stack_file: Path | None = None
    #: ``runtime.options.toolchain``: ``pip`` (the default), ``poetry`` or ``uv``.
    toolchain: str = "pip"
    #: The project's virtualenv directory (``runtime.options.virtualenv``, or the toolchain's own), if any.
    virtualenv: Path | None = None


#: The toolchains the Python language host knows.
TOOLCHAINS = ("pip", "poetry", "uv")


def _venv_python(venv: Path) -> Path:
    """The interpreter of a virtualenv (``bin/python``, or ``Scripts/python.exe`` on Windows)."""
    for candidate in (venv / "bin" / "python", venv / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return venv / "bin" / "python"


def _poetry_env(directory: Path) -> Path | None:
    """Where poetry keeps the project's environment, as the language host asks it (``poetry env info --path``)."""
    if (directory / ".venv").is_dir():
        # virtualenvs.in-project: poetry itself answers with this directory.
        return directory / ".venv"
    poetry = shutil.which("poetry")
    if poetry is None:
        return None
    try:
        completed = subprocess.run(
            [poetry, "env", "info", "--path"], cwd=directory, capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    path = completed.stdout.strip()
    return Path(path) if completed.returncode == 0 and path else None


def interpreter(project: Project) -> Path | None:
    """The interpreter ``pulumi preview`` would run the program with; ``None``: no virtualenv, use the tool's.

    :raises ProjectError: the virtualenv the project names does not exist (one paragraph saying how to create it).
    """
    if project.virtualenv is None:
        if project.toolchain == "poetry":
            raise ProjectError(
                f"The project in {project.directory} uses the poetry toolchain, but poetry is not installed and the "
                "project has no in-project .venv, so its environment cannot be found. Run `pulumi install` (or "
                "`poetry install`) where poetry is installed, or point residency check at the project's interpreter "
                "with --python PATH."
            )
        return None
    python = _venv_python(project.virtualenv)
    if not python.exists():
        option = "runtime.options.virtualenv" if project.toolchain == "pip" else f"the {project.toolchain} toolchain"
        raise ProjectError(
            f"The project's virtualenv {project.virtualenv} ({option} in Pulumi.yaml) does not exist, so the "
            "program cannot be run with its own packages the way `pulumi preview` runs it. `pulumi install` "
            "creates it and installs requirements.txt (or the poetry/uv project) into it; or point residency "
            "check at an interpreter that has the program's packages with --python PATH."
        )
    return python


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{path} is not valid UTF-8 ({exc.reason} at byte {exc.start}).") from None
    except OSError as exc:
        raise ProjectError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or "syntax error"
        raise ProjectError(f"{path} is not valid YAML{where}: {problem}.") from None


def _config_value(value: Any) -> tuple[str, bool]:
    """A config value as the engine passes it to a program (string; objects as JSON) and whether it is secret."""
    if isinstance(value, Mapping) and set(value) == {"secure"}:
        return SECRET_PLACEHOLDER, True
    if isinstance(value, str):
        return value, False
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    return json.dumps(value), False


def _namespaced(key: str, project: str) -> str:
    return key if ":" in key else f"{project}:{key}"


def find_stacks(directory: Path) -> list[str]:
    """The stack names that have a ``Pulumi.<stack>.yaml`` file in ``directory``."""
    names = []
    for path in sorted(directory.glob("Pulumi.*.yaml")) + sorted(directory.glob("Pulumi.*.yml")):
        stem = path.name.split(".", 1)[1].rsplit(".", 1)[0]
        names.append(stem)
    return names


def load_project(directory: Path, stack: str | None = None, overrides: Sequence[str] = ()) -> Project:
    """Load ``directory``'s Pulumi project and stack; ``overrides`` are ``KEY=VALUE`` strings (``--config``)."""
    directory = directory.resolve()
    if not directory.is_dir():
        raise ProjectError(f"{directory} is not a directory.")
    project_file = next((directory / n for n in ("Pulumi.yaml", "Pulumi.yml") if (directory / n).is_file()), None)
    if project_file is None:
        raise ProjectError(f"No Pulumi.yaml in {directory}: point residency check at a Pulumi project directory.")
    document = _read_yaml(project_file)
    if not isinstance(document, Mapping):
        raise ProjectError(f"{project_file} must be a YAML mapping with at least 'name' and 'runtime'.")
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise ProjectError(f"{project_file} has no project 'name'.")
    runtime = document.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, Mapping) else runtime
    if runtime_name != "python":
        raise ProjectError(
            f"{project_file} declares runtime {runtime_name!r}; residency check runs Python programs only "
            "(use `pulumi preview --policy-pack` for programs in other languages)."
        )
    toolchain, virtualenv = _runtime_options(runtime, directory, project_file)
    main = directory / str(document.get("main") or ".")
    if main.is_dir():
        main = main / "__main__.py"
    if not main.is_file():
        raise ProjectError(f"The program's entry point {main} does not exist.")

    stacks = find_stacks(directory)
    if stack is None:
        if len(stacks) != 1:
            choices = ", ".join(stacks) if stacks else "none found"
            raise ProjectError(f"Choose a stack with --stack (stack files in {directory}: {choices}).")
        stack = stacks[0]

    config: dict[str, str] = {}
    secrets: set[str] = set()
    # Project-level defaults first (`config: {key: {default: ...}}` or a plain value), then the stack file.
    declared = document.get("config") or {}
    if isinstance(declared, Mapping):
        for key, spec in declared.items():
            raw = spec.get("default", spec.get("value")) if isinstance(spec, Mapping) else spec
            if raw is not None:
                config[_namespaced(str(key), name)], _ = _config_value(raw)

    stack_file = next(
        (
            directory / f"Pulumi.{stack}.{ext}"
            for ext in ("yaml", "yml")
            if (directory / f"Pulumi.{stack}.{ext}").is_file()
        ),
        None,
    )
    if stack_file is None and stack not in stacks and not overrides:
        raise ProjectError(f"No stack file Pulumi.{stack}.yaml in {directory} (stacks: {', '.join(stacks) or 'none'}).")
    if stack_file is not None:
        stack_doc = _read_yaml(stack_file) or {}
        if not isinstance(stack_doc, Mapping):
            raise ProjectError(f"{stack_file} must be a YAML mapping.")
        stack_config = stack_doc.get("config") or {}
        if not isinstance(stack_config, Mapping):
            raise ProjectError(f"{stack_file}: 'config' must be a mapping of keys to values.")
        for key, raw in stack_config.items():
            full = _namespaced(str(key), name)
            config[full], secret = _config_value(raw)
            if secret:
                secrets.add(full)

    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ProjectError(f"--config {item!r} must be KEY=VALUE (for example aws:region=eu-west-3).")
        full = _namespaced(key.strip(), name)
        config[full] = value
        secrets.discard(full)

    return Project(directory, name, stack, main, config, frozenset(secrets), stack_file, toolchain, virtualenv)


def _runtime_options(runtime: Any, directory: Path, project_file: Path) -> tuple[str, Path | None]:
    """``runtime.options``' toolchain and virtualenv, resolved as the Python language host resolves them."""
    options = runtime.get("options") if isinstance(runtime, Mapping) else None
    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise ProjectError(f"{project_file}: runtime.options must be a mapping.")
    toolchain = options.get("toolchain", "pip")
    if toolchain not in TOOLCHAINS:
        raise ProjectError(
            f"{project_file}: runtime.options.toolchain is {toolchain!r}; the Python language host knows "
            f"{', '.join(TOOLCHAINS)}."
        )
    raw = options.get("virtualenv")
    if raw is not None and not isinstance(raw, str):
        raise ProjectError(f"{project_file}: runtime.options.virtualenv must be a path.")
    if raw:
        venv = Path(os.path.expanduser(raw))
        return toolchain, (venv if venv.is_absolute() else directory / venv)
    if toolchain == "uv":
        # uv keeps the project's environment in .venv unless UV_PROJECT_ENVIRONMENT says otherwise.
        configured = os.environ.get("UV_PROJECT_ENVIRONMENT")
        venv = Path(configured) if configured else Path(".venv")
        return toolchain, (venv if venv.is_absolute() else directory / venv)
    if toolchain == "poetry":
        return toolchain, _poetry_env(directory)
    return toolchain, None
