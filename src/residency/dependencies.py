"""Refuse to run on dependencies older than the versions this package was tested with.

The floors are declared once, in ``pyproject.toml``; this module reads them back from the installed
distribution's metadata and compares them with what is installed. A package manager can still end up with an
older version (another package in the same environment caps it, or the environment was built by hand), and an
old SDK fails far from the cause: an ``AttributeError`` deep in the offline engine that reads as if the user's
program were at fault. One sentence naming the package and the version needed is better.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import metadata

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

#: The distribution whose declared requirements are checked.
DISTRIBUTION = "pulumi-residency"


class DependencyError(RuntimeError):
    """An installed dependency does not satisfy the declared requirement; the message says what to install."""


def problems(requirements: Iterable[str], installed: dict[str, str | None]) -> list[str]:
    """What is wrong with ``installed`` (name -> version, ``None`` when absent) against ``requirements``.

    Requirements with an ``extra`` marker (test and bench extras) are not runtime needs and are skipped.
    """
    found: list[str] = []
    for text in requirements:
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            continue
        if requirement.marker is not None and "extra" in str(requirement.marker):
            continue
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        version = installed.get(requirement.name)
        spec = f"{requirement.name}{requirement.specifier}"
        if version is None:
            found.append(f"{DISTRIBUTION} needs {spec}, which is not installed; run `pip install '{spec}'`.")
            continue
        try:
            ok = requirement.specifier.contains(Version(version), prereleases=True)
        except InvalidVersion:
            ok = False
        if not ok:
            found.append(
                f"{DISTRIBUTION} needs {spec}, but {requirement.name} {version} is installed; "
                f"run `pip install '{spec}'`."
            )
    return found


def _installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@cache
def check() -> None:
    """Raise :class:`DependencyError` when an installed runtime dependency is older (or newer) than declared.

    Does nothing when this package's own metadata is not installed (running from a bare source tree).
    """
    try:
        declared = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return
    names = {Requirement(r).name for r in declared if _parses(r)}
    found = problems(declared, {name: _installed_version(name) for name in names})
    if found:
        raise DependencyError(" ".join(found))


def _parses(text: str) -> bool:
    try:
        Requirement(text)
    except InvalidRequirement:
        return False
    return True
