"""Fixtures shared by the CLI tests; the subprocess harness itself is :mod:`cli_harness`."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_harness import SARIF_SCHEMA


@pytest.fixture(scope="session")
def sarif_validator() -> Any:
    """A Draft-07 validator for the vendored SARIF 2.1.0 schema."""
    from jsonschema import Draft7Validator

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)
