"""Residency rules as checkov custom checks (loaded by checkov with --external-checks-dir, not imported here)."""
