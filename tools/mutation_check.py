#!/usr/bin/env python3
"""Mutation check of the residency policy pack: does some test fail when a policy is broken?

Two kinds of mutants:

``disable:<policy>``
    The policy's validator reports nothing (the SDK object's ``validate`` is replaced).
``flip:<id>``
    One core condition of the pack's source is changed (``in zone`` -> ``not in zone``, a fail-closed default
    turned fail-open, a normalisation dropped, a value echoed into a message). The mutated module is compiled
    from a changed copy of its source by an import hook; nothing in the repository is modified.

For each mutant the script runs ``pytest -q -x tests/policies tests/properties -p no:cacheprovider`` in a
subprocess with the mutant applied by the pytest plugin ``tools/mutation_plugin.py`` (loaded with
``-p mutation_plugin``; it reads ``RESIDENCY_MUTANT``) and the ``mutation`` hypothesis profile. A mutant whose
run passes *survived*: no test notices the breakage. Exit code 0 when every mutant is killed, 1 otherwise.

Usage::

    .venv/bin/python tools/mutation_check.py              # every mutant, two at a time
    .venv/bin/python tools/mutation_check.py --list       # list the mutants
    .venv/bin/python tools/mutation_check.py --only flip:ctx-in-zone --jobs 1

Standard library only (plus pytest in the interpreter that runs it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

ROOT: Final = Path(__file__).resolve().parents[1]
TOOLS: Final = Path(__file__).resolve().parent
ENV_VAR: Final = "RESIDENCY_MUTANT"
PYTEST_ARGS: Final = ("-q", "-x", "tests/policies", "tests/properties", "-p", "no:cacheprovider")


@dataclass(frozen=True)
class Flip:
    """A source change: ``old`` must occur exactly once in ``path`` (relative to the repository)."""

    id: str
    path: str
    old: str
    new: str
    why: str

    @property
    def module(self) -> str:
        """The importable name of the mutated module (``policies/x.py`` -> ``residency.policies.x``)."""
        relative = Path(self.path).with_suffix("")
        parts = relative.parts
        if parts[0] == "policies":
            return "residency.policies." + ".".join(parts[1:])
        return ".".join(parts[1:] if parts[0] == "src" else parts)

    def mutated_source(self) -> str:
        """The module's source with the change applied (raises when ``old`` is not there exactly once)."""
        source = (ROOT / self.path).read_text(encoding="utf-8")
        count = source.count(self.old)
        if count != 1:
            raise ValueError(f"mutant flip:{self.id}: expected the snippet once in {self.path}, found {count}")
        return source.replace(self.old, self.new)


CTX, REGION, SIDE, EXPO, KEY, STACK = (
    "policies/_context.py", "policies/region.py", "policies/side_doors.py", "policies/exposure.py",
    "policies/keyless.py", "policies/_stack.py",
)

#: The condition flips. Keep each snippet small and unique in its file.
FLIPS: Final[tuple[Flip, ...]] = (
    Flip("ctx-in-zone", CTX, "return region in self.zone", "return region not in self.zone",
         "zone membership inverted"),
    Flip("ctx-exempt-content", CTX, "return data_class != model.CUSTOMER_CONTENT and data_class in",
         "return data_class in", "customer content exemptable if configured"),
    Flip("own-region-ignored", CTX, 'own = subject.props.get("region")', "own = None",
         "per-resource region override ignored"),
    Flip("cloudfront-waf-regional", CTX,
         "if catalog.is_global(subject.type) or _is_cloudfront_scoped_waf(subject):",
         "if catalog.is_global(subject.type):", "CLOUDFRONT-scoped WAF objects judged as regional"),
    Flip("provider-empty-region", CTX, 'if value is None or value == "":', "if value is None:",
         "an empty provider region judged as a region value"),
    Flip("unknown-region-is-problem", CTX, "    if value is UNKNOWN:\n        return RegionVerdict(source=source, "
         "undetermined=", "    if False:\n        return RegionVerdict(source=source, undetermined=",
         "unknown region reported as malformed instead of undetermined"),
    Flip("unknown-tags-ignored", CTX, "        if source is UNKNOWN:\n            return model.CUSTOMER_CONTENT",
         "        if source is UNKNOWN:\n            continue", "unknown tag map no longer counts as content"),
    Flip("routing-inverted", CTX, "if finding.undetermined and not ctx.settings.undetermined_is_mandatory:",
         "if finding.undetermined and ctx.settings.undetermined_is_mandatory:",
         "undetermined findings routed to the wrong level"),
    Flip("is-true-strict", CTX,
         'return value is True or (isinstance(value, str) and value.strip().lower() == "true")',
         "return value is True", 'provider-style string booleans ("true") ignored'),
    Flip("select-unknown-list", CTX,
         "            if child is UNKNOWN:\n                yield child_path, UNKNOWN\n                return",
         "            if child is UNKNOWN:\n                return", "an unknown list is treated as empty"),
    Flip("plain-keeps-sentinel", CTX, "return UNKNOWN if value in _UNKNOWN_STRINGS else value", "return value",
         "unknown sentinel read as a plain string"),
    Flip("echo-region-value", CTX, "{source} is not exactly the name of an AWS region{_suggestion(value)}",
         "{source} is not exactly the name of an AWS region ({value}){_suggestion(value)}",
         "a raw (possibly secret) value echoed into a message"),
    Flip("outside-zone-inverted", REGION, "if verdict.region is None or ctx.in_zone(verdict.region):",
         "if verdict.region is None or not ctx.in_zone(verdict.region):", "outside-zone test inverted"),
    Flip("exempt-inverted", REGION, "    if ctx.exempt(klass):\n        return",
         "    if not ctx.exempt(klass):\n        return", "data-class exemption inverted"),
    Flip("global-at-rest-passes", REGION, "    if verdict.is_global:\n        yield violation(",
         "    if False:\n        yield violation(", "global storage no longer reported"),
    Flip("malformed-region-passes", REGION, "    if verdict.problem:\n        yield violation(",
         "    if False:\n        yield violation(", "malformed or missing region no longer reported"),
    Flip("replica-inverted", SIDE, "elif verdict.region and not ctx.in_zone(verdict.region):",
         "elif verdict.region and ctx.in_zone(verdict.region):", "replica region test inverted"),
    Flip("kms-multi-region-strict", SIDE, "elif is_true(multi_region):", "elif multi_region is True:",
         'multiRegion "true" (string) accepted'),
    Flip("arn-partition-ignored", SIDE, "    if arn.partition not in ctx.partitions:\n        return (",
         "    if False:\n        return (", "ARNs of other partitions accepted"),
    Flip("arn-zone-inverted", SIDE, "    if ctx.in_zone(arn.region):\n        return None",
         "    if not ctx.in_zone(arn.region):\n        return None", "ARN region test inverted"),
    Flip("arn-policy-documents-scanned", SIDE,
         "if path in OWN_IDENTITY_KEYS or key in PERMISSION_KEYS or key in POLICY_DOCUMENT_KEYS:",
         "if path in OWN_IDENTITY_KEYS or key in PERMISSION_KEYS:", "grants in policy documents judged as "
         "destinations"),
    Flip("known-bucket-inverted", SIDE, "                if not ctx.in_zone(region):\n                    problem",
         "                if ctx.in_zone(region):\n                    problem", "remembered bucket region inverted"),
    Flip("foreign-bucket-passes", SIDE, "    if bucket is None:\n        return violation(",
         "    if bucket is None:\n        return None\n    if bucket is None:\n        return violation(",
         "S3 destinations outside the stack accepted"),
    Flip("dependency-zone-inverted", SIDE,
         "if verdict.region is not None and not ctx.in_zone(verdict.region):\n            return violation(",
         "if verdict.region is not None and ctx.in_zone(verdict.region):\n            return violation(",
         "dependency region test inverted"),
    Flip("deciding-suffixes-ignored", SIDE, "return lowered.endswith(_DECIDING_SUFFIXES) or ", "return ",
         "unknown ARNs, key ids and regions no longer resolved"),
    Flip("country-codes-raw", EXPO, "return frozenset(c.strip().upper() for c in codes)",
         "return frozenset(codes)", "country codes compared without normalisation"),
    Flip("allow-rule-any-geo", EXPO,
         "                if countries is None or not countries <= supported:\n                    return (f\"{"
         "_rule_label(rule, position)} lets requests through ({action}) without",
         "                if countries is None:\n                    return (f\"{"
         "_rule_label(rule, position)} lets requests through ({action}) without",
         "an ALLOW rule with any geo match accepted"),
    Flip("default-allow-passes", EXPO,
         'return "its default action is ALLOW and no rule blocks every country outside the supported ones"',
         "return None", "default ALLOW without a blocking rule accepted"),
    Flip("not-geo-any", EXPO, "return codes is not None and codes <= supported", "return codes is not None",
         "NOT geo-match of any countries counts as blocking"),
    Flip("cloudfront-whitelist-any", EXPO, 'if kind == "whitelist" and codes and codes <= supported:',
         'if kind == "whitelist" and codes:', "any CloudFront whitelist accepted"),
    Flip("unknown-api-private", EXPO, "return True  # unknown API: assume internet-facing (fail closed)",
         "return False", "a stage of an API outside the stack assumed private"),
    Flip("alb-internal-default", EXPO, 'return not is_true(lb.props.get("internal")) and kind in',
         'return lb.props.get("internal") is False and kind in', "an ALB without `internal` assumed internal"),
    Flip("iam-only-none", EXPO, "    elif value != wanted:", '    elif value == "NONE":',
         "only NONE refused on function URLs and v2 routes (JWT, missing accepted)"),
    Flip("nlb-internal-strict", EXPO, "    elif not is_true(internal):", "    elif internal is False:",
         "a load balancer without `internal` assumed internal"),
    Flip("transfer-default-public", EXPO, 'elif endpoint_type in (None, "PUBLIC"):',
         'elif endpoint_type == "PUBLIC":', "a Transfer server without endpointType accepted"),
    Flip("method-none-case", KEY, 'authorization.upper() == "NONE"', 'authorization == "NONE"',
         'authorization "none" accepted'),
    Flip("flag-strict", KEY, "        elif is_true(value):\n            yield violation(",
         "        elif value is True:\n            yield violation(", 'cache and data-trace flags "true" accepted'),
    Flip("edge-default-passes", KEY, "    elif not isinstance(types, list) or not types:\n        yield violation(",
         "    elif False:\n        yield violation(", "a REST API without endpoint type (EDGE) accepted"),
    Flip("edge-unrecognised-passes", KEY,
         "any(t not in _NON_EDGE_TYPES for t in types)", 'any(t == "EDGE" for t in types)',
         "unrecognised endpoint types accepted"),
    Flip("edge-compute-passes", KEY, "                elif value:\n                    yield violation(",
         "                elif False:\n                    yield violation(", "edge function associations accepted"),
    Flip("retention-zero", KEY, "or days <= 0:", "or days < 0:", "retention 0 (never expire) accepted"),
    Flip("appsync-additional-key", KEY, '            if mode == "API_KEY":',
         '            if mode == "API_KEY" and path == "authenticationType":',
         "API_KEY as an additional AppSync provider accepted"),
    Flip("dangling-dependency-ignored", STACK, "            if dep is None:\n                return None",
         "            if dep is None:\n                continue", "dependencies outside the stack ignored"),
    Flip("association-by-dependency", STACK,
         '            for urn in subject.property_dependencies.get("resourceArn", ()):\n'
         "                self._associations[urn].append(subject)\n",
         "", "web ACL associations found only by ARN"),
    Flip("unclassified-is-control", "src/residency/catalog.py",
         'return Classification(type_token, Kind.AT_REST, global_scope, False, "unclassified',
         'return Classification(type_token, Kind.CONTROL, global_scope, False, "unclassified',
         "unclassified types fail open"),
)


@dataclass(frozen=True)
class Mutant:
    """One mutant: ``disable:<policy>`` or ``flip:<id>``."""

    name: str
    why: str


def policy_names() -> list[str]:
    """The pack's policy names (importing the pack starts nothing)."""
    sys.path.insert(0, str(ROOT))
    from residency.policies import RULES

    return [r.name for r in RULES if r.check is not None]


def mutants() -> list[Mutant]:
    """Every mutant, disables first."""
    found = [Mutant(f"disable:{name}", "the policy reports nothing") for name in policy_names()]
    found += [Mutant(f"flip:{flip.id}", f"{flip.path}: {flip.why}") for flip in FLIPS]
    return found


def flip_by_id(flip_id: str) -> Flip:
    """The flip called ``flip_id``."""
    for flip in FLIPS:
        if flip.id == flip_id:
            return flip
    raise KeyError(f"unknown mutant flip:{flip_id}")


@dataclass(frozen=True)
class Result:
    """The outcome of the test run under one mutant."""

    mutant: Mutant
    status: str  # "killed", "SURVIVED" or "ERROR"
    seconds: float
    tail: str


def run(mutant: Mutant | None, python: str, timeout: float) -> Result:
    """Run the policy and property tests with ``mutant`` applied (``None``: the unmutated baseline)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(TOOLS), env.get("PYTHONPATH", "")]))
    env["HYPOTHESIS_PROFILE"] = "mutation"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop(ENV_VAR, None)
    if mutant is not None:
        env[ENV_VAR] = mutant.name
    started = time.monotonic()
    try:
        completed = subprocess.run(
            [python, "-m", "pytest", *PYTEST_ARGS, "-p", "mutation_plugin"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
        )
        code, output = completed.returncode, completed.stdout + completed.stderr
    except subprocess.TimeoutExpired:
        code, output = -1, f"timed out after {timeout:.0f} s"
    seconds = time.monotonic() - started
    status = {0: "SURVIVED", 1: "killed"}.get(code, "ERROR")
    shown = mutant or Mutant("baseline", "no mutation")
    return Result(shown, status, seconds, "\n".join(output.strip().splitlines()[-15:]))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants and print a table; exit 1 when any survives or errors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--only", action="append", default=[], help="run only these mutants (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run in parallel (default 2)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per test run (default 300)")
    parser.add_argument("--python", default=sys.executable, help="interpreter with pytest and the package")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    args = parser.parse_args(argv)

    chosen = mutants()
    for flip in FLIPS:
        flip.mutated_source()  # every snippet must still be in the source exactly once
    if args.list:
        for mutant in chosen:
            print(f"{mutant.name:45} {mutant.why}")
        return 0
    if args.only:
        unknown = set(args.only) - {m.name for m in chosen}
        if unknown:
            parser.error(f"unknown mutants: {', '.join(sorted(unknown))}")
        chosen = [m for m in chosen if m.name in args.only]

    started = time.monotonic()
    baseline = run(None, args.python, args.timeout)
    if baseline.status != "SURVIVED":  # the unmutated suite must pass
        print(f"The test suite fails without any mutation ({baseline.seconds:.0f} s):\n{baseline.tail}")
        return 2
    print(f"baseline passes in {baseline.seconds:.1f} s; running {len(chosen)} mutants, {args.jobs} at a time")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = []
        for result in pool.map(lambda m: run(m, args.python, args.timeout), chosen):
            print(f"  {result.status:8} {result.seconds:6.1f} s  {result.mutant.name}", flush=True)
            results.append(result)
    bad = [r for r in results if r.status != "killed"]
    print(f"\n{len(results) - len(bad)} of {len(results)} mutants killed in {time.monotonic() - started:.0f} s.")
    for result in bad:
        print(f"\n{result.status}: {result.mutant.name} ({result.mutant.why})\n{result.tail}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
