"""The start-up refusal of dependencies older than declared (pure: fed requirement strings and versions)."""

from __future__ import annotations

from importlib import metadata

import pytest

from residency import dependencies


def test_an_old_dependency_is_named_with_the_version_needed() -> None:
    found = dependencies.problems(["pulumi>=3.230,<4", "rich>=13"], {"pulumi": "3.223.0", "rich": "15.0.0"})
    assert found == [
        "pulumi-residency needs pulumi<4,>=3.230, but pulumi 3.223.0 is installed; "
        "run `pip install 'pulumi<4,>=3.230'`."
    ]


def test_missing_dependencies_and_extras() -> None:
    found = dependencies.problems(['pytest>=8; extra == "test"', "typer>=0.12"], {"typer": None})
    assert found == ["pulumi-residency needs typer>=0.12, which is not installed; run `pip install 'typer>=0.12'`."]


def test_satisfied_requirements_pass() -> None:
    assert dependencies.problems(["pydantic>=2.7,<3"], {"pydantic": "2.14.4"}) == []


def test_the_installed_environment_satisfies_the_declared_floors() -> None:
    # The test environment is installed from pyproject.toml, so the real check must pass here.
    dependencies.check()
    declared = metadata.requires(dependencies.DISTRIBUTION) or []
    assert {"pulumi", "pulumi-aws", "pulumi-policy", "botocore"} <= {r.split(">")[0].split("<")[0] for r in declared}


def test_the_cli_refuses_an_old_sdk_with_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    from residency import cli

    monkeypatch.setattr(dependencies, "check", lambda: (_ for _ in ()).throw(
        dependencies.DependencyError("pulumi-residency needs pulumi>=3.230, but pulumi 3.223.0 is installed.")))
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2


def test_the_tested_floors_are_the_declared_floors() -> None:
    # constraints/floors.in is what .ci/run installs as the minimum versions: it must match pyproject.toml.
    import tomllib
    from pathlib import Path

    from packaging.requirements import Requirement
    from packaging.version import Version

    root = Path(__file__).resolve().parents[2]
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    lower = {}
    for text in declared:
        requirement = Requirement(text)
        floors = [s.version for s in requirement.specifier if s.operator == ">="]
        assert floors, f"{requirement.name} has no lower bound"
        lower[requirement.name.lower()] = floors[0]
    pinned = {}
    for line in (root / "constraints" / "floors.in").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pinned[name.strip().lower()] = version.strip()
    assert set(pinned) == set(lower)
    assert {n: Version(v) for n, v in pinned.items()} == {n: Version(v) for n, v in lower.items()}
