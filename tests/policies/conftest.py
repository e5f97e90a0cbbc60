"""Fixtures for the policy tests: the engine-shaped harness, with a fresh pack session per test."""

from __future__ import annotations

import pytest
from policy_harness import Pack


@pytest.fixture
def pack() -> Pack:
    """The whole pack (a new runtime, as a new pack process), configured with the default configuration."""
    return Pack()
