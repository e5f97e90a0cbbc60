"""Hypothesis profiles for the property tests, and the engine-shaped harness of the policy tests on the path.

Profiles (select with ``HYPOTHESIS_PROFILE``):

``ci`` (default)
    Derandomized (the same examples on every run, no example database), no deadline, sized so that the whole
    ``tests/properties`` folder runs in one to two minutes on two cores.
``long``
    Random seeds and twenty times as many examples, for a nightly or pre-release run.
``mutation``
    Derandomized and 150 examples per test, used by ``tools/mutation_check.py`` to keep the mutation run short.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The harness (policy_harness, baselines) lives next to the policy tests; share it rather than copy it.
_POLICY_TESTS = str(Path(__file__).resolve().parents[1] / "policies")
if _POLICY_TESTS not in sys.path:
    sys.path.insert(0, _POLICY_TESTS)

#: Examples per property test in the ``ci`` profile.
CI_EXAMPLES = 1200

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
settings.register_profile("ci", derandomize=True, database=None, max_examples=CI_EXAMPLES, print_blob=True,
                          **_COMMON)
settings.register_profile("long", max_examples=CI_EXAMPLES * 20, print_blob=True, **_COMMON)
settings.register_profile("mutation", derandomize=True, database=None, max_examples=150, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
