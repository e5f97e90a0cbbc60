"""Benchmarks of pulumi-residency: policy cost against the engine's floor, and scaling to 10,000 resources.

Run ``python -m benchmarks`` (or ``python -m benchmarks --quick``); see ``benchmarks/README.md``.
"""
