"""Read a Pulumi project and stack the way the Pulumi CLI does: ``Pulumi.yaml`` and ``Pulumi.<stack>.yaml``.

Only what ``residency check`` needs: the project name, that the runtime is Python, the program's entry point,
and the stack configuration with namespaced keys. Secure values (``{secure: v1:...}``) cannot be decrypted
without the stack's secrets provider, so they reach the program as secrets holding a placeholder, and their
ciphertext is never printed.
"""

from __future__ import annotations

import json
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

    return Project(directory, name, stack, main, config, frozenset(secrets), stack_file)
