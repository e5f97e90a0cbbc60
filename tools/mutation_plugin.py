"""Pytest plugin that applies the mutant named in ``RESIDENCY_MUTANT`` (see ``tools/mutation_check.py``).

Loaded with ``-p mutation_plugin`` (``tools/`` on ``PYTHONPATH``), so it is imported before any conftest or
test module imports the pack:

* ``flip:<id>``: an import hook compiles the mutated copy of the module's source in place of the original
  (the file on disk is untouched, and no bytecode cache is read or written for it);
* ``disable:<policy>``: at ``pytest_configure`` the policy's ``validate`` is replaced by one that reports
  nothing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import CodeType, ModuleType

import pytest
from mutation_check import ENV_VAR, ROOT, flip_by_id


class _MutatedLoader(importlib.machinery.SourceFileLoader):
    """Loads a module from a changed copy of its source."""

    def __init__(self, fullname: str, path: str, source: str) -> None:
        super().__init__(fullname, path)
        self.source = source

    def get_code(self, fullname: str) -> CodeType:
        return compile(self.source, self.path, "exec", dont_inherit=True)


class _MutantFinder(importlib.abc.MetaPathFinder):
    """Finds the one mutated module before the regular (editable-install) finders do."""

    def __init__(self, module: str, path: str, source: str) -> None:
        self.module, self.path, self.source = module, path, source

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.module:
            return None
        loader = _MutatedLoader(fullname, self.path, self.source)
        return importlib.util.spec_from_file_location(fullname, self.path, loader=loader)


_MUTANT = os.environ.get(ENV_VAR, "")

if _MUTANT.startswith("flip:"):
    _flip = flip_by_id(_MUTANT.removeprefix("flip:"))
    if _flip.module in sys.modules:
        raise RuntimeError(f"{_flip.module} was imported before the mutation plugin")
    sys.meta_path.insert(0, _MutantFinder(_flip.module, str(ROOT / _flip.path), _flip.mutated_source()))


def pytest_configure(config: pytest.Config) -> None:
    """Disable a policy (``disable:<name>``) once the pack is importable."""
    if not _MUTANT.startswith("disable:"):
        return
    from residency.policies import BY_NAME

    name = _MUTANT.removeprefix("disable:")
    rule = BY_NAME.get(name)
    if rule is None or rule.check is None:
        raise pytest.UsageError(f"mutant {_MUTANT}: no such rule")
    # Rules are frozen declarations; the mutant swaps the check for one that finds nothing.
    object.__setattr__(rule, "check", lambda *_: iter(()))


def pytest_report_header(config: pytest.Config) -> str:
    """Say which mutant the run is under."""
    return f"residency mutant: {_MUTANT or 'none'}"
