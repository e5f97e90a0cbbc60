"""Fixtures for the policy tests: the engine-shaped harness, with a fresh pack process per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from policy_harness import Pack

from residency.policies import _context


@pytest.fixture(autouse=True)
def _fresh_bucket_memory() -> Iterator[None]:
    """Each test starts as a new pack process: no buckets seen yet."""
    _context.forget_buckets()
    yield
    _context.forget_buckets()


@pytest.fixture
def pack() -> Pack:
    """The whole pack, configured with the default configuration."""
    return Pack()
