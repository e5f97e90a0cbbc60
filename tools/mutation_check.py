#!/usr/bin/env python3
"""Mutation check of the residency policy pack: does some test fail when a policy is broken?

Two kinds of mutants:

``disable:<policy>``
    The policy reports nothing (its rule's ``check`` is replaced by one that finds nothing).
``flip:<id>``
    One core condition of the pack's source is changed (``in zone`` -> ``not in zone``, a fail-closed default
    turned fail-open, a normalisation dropped, a value echoed into a message). The mutated module is compiled
    from a changed copy of its source by an import hook; nothing in the repository is modified.

For each mutant the script runs ``pytest -q -x tests/policies tests/properties -p no:cacheprovider`` in a
subprocess with the mutant applied by the pytest plugin ``tools/mutation_plugin.py`` (loaded with
``-p mutation_plugin``; it reads ``RESIDENCY_MUTANT``) and the ``mutation`` hypothesis profile. A mutant whose
run passes *survived*: no test notices the breakage. Exit code 0 when every mutant is killed, 1 otherwise, 2
when a flip's snippet is stale (no longer in its source exactly once) or the unmutated suite fails.

Usage::

    .venv/bin/python tools/mutation_check.py              # every mutant, two at a time
    .venv/bin/python tools/mutation_check.py --list       # list the mutants (after the stale-flip check)
    .venv/bin/python tools/mutation_check.py --only flip:ctx-in-zone --jobs 1
    .venv/bin/python tools/mutation_check.py --only flip:forwarded-geo-trusted --no-baseline

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


PLACES, VALUES, RUNTIME, REGION, FLOW, SIDE, STACK = (
    "policies/_places.py", "policies/_values.py", "policies/_runtime.py", "policies/region.py",
    "policies/_flow.py", "policies/side_doors.py", "policies/_stack.py",
)
EXPO, WAF, REACH, NETWORK, PUBLIC, KEY, STATELESS, CATALOG = (
    "policies/exposure.py", "policies/_waf.py", "policies/_reach.py", "policies/_network.py",
    "policies/_public.py", "policies/keyless.py", "policies/stateless.py", "src/residency/catalog.py",
)

#: The condition flips. Keep each snippet small and unique in its file.
FLIPS: Final[tuple[Flip, ...]] = (
    # -- where things are (_places), plain values (_values), undetermined routing (_runtime) -----------------------
    Flip("scan-skips-dashed-text", FLOW, 'return ("." in text or ":" in text or "-" in text or',
         'return ("." in text or ":" in text or', "text with a region name but no dot or colon not scanned"),
    Flip("stack-scan-reused-blindly", FLOW,
         "    if analyzed is not None and _same_judged_inputs(analyzed.subject, subject):",
         "    if analyzed is not None:", "the stack pass reuses Analyze's scan even when the inputs changed"),
    Flip("ctx-in-zone", PLACES, "return region in self.zone", "return region not in self.zone",
         "zone membership inverted"),
    Flip("ctx-exempt-content", PLACES, "return data_class != model.CUSTOMER_CONTENT and data_class in",
         "return data_class in", "customer content exemptable if configured"),
    Flip("own-region-ignored", PLACES, 'own = subject.props.get("region")', "own = None",
         "per-resource region override ignored"),
    Flip("provider-empty-region", PLACES, 'if value is None or value == "":', "if value is None:",
         "an empty provider region judged as a region value"),
    Flip("unknown-region-is-problem", PLACES, "    if value is UNKNOWN:\n        return RegionVerdict(source=source, "
         "undetermined=", "    if False:\n        return RegionVerdict(source=source, undetermined=",
         "unknown region reported as malformed instead of undetermined"),
    Flip("unknown-tags-ignored", PLACES, "    if tags is UNKNOWN:\n        return True, UNKNOWN",
         "    if tags is UNKNOWN:\n        return False, None", "an unknown tag map read as one without the tag"),
    Flip("echo-region-value", PLACES, "{source} is not exactly the name of an AWS region{_suggestion(value)}",
         "{source} is not exactly the name of an AWS region ({value}){_suggestion(value)}",
         "a raw (possibly secret) value echoed into a message"),
    Flip("is-true-strict", VALUES,
         'return value is True or (isinstance(value, str) and value.strip().lower() == "true")',
         "return value is True", 'provider-style string booleans ("true") ignored'),
    Flip("select-unknown-list", VALUES,
         "            if child is UNKNOWN:\n                yield child_path, UNKNOWN\n                return",
         "            if child is UNKNOWN:\n                return", "an unknown list is treated as empty"),
    Flip("plain-keeps-sentinel", VALUES, "return UNKNOWN if value in _UNKNOWN_STRINGS else value", "return value",
         "unknown sentinel read as a plain string"),
    Flip("routing-inverted", RUNTIME,
         "                if finding.undetermined and not ctx.settings.undetermined_is_mandatory:\n"
         "                    continue\n                report(finding.message, None)",
         "                if finding.undetermined and ctx.settings.undetermined_is_mandatory:\n"
         "                    continue\n                report(finding.message, None)",
         "undetermined findings routed to the wrong level"),
    # -- residency rules (region) ----------------------------------------------------------------------------------
    Flip("outside-zone-inverted", REGION, "if verdict.region is None or ctx.in_zone(verdict.region):",
         "if verdict.region is None or not ctx.in_zone(verdict.region):", "outside-zone test inverted"),
    Flip("exempt-inverted", REGION, "    if ctx.exempt(lineage.data_class):\n        return",
         "    if not ctx.exempt(lineage.data_class):\n        return", "data-class exemption inverted"),
    Flip("global-at-rest-passes", REGION,
         "    return verdict.is_global or (verdict.region is not None and not ctx.in_zone(verdict.region))",
         "    return verdict.region is not None and not ctx.in_zone(verdict.region)",
         "global storage no longer reported"),
    Flip("malformed-region-passes", REGION, "    if verdict.problem:\n        yield violation(",
         "    if False:\n        yield violation(", "malformed or missing region no longer reported"),
    # -- side doors (_flow, side_doors, _stack) --------------------------------------------------------------------
    Flip("arn-partition-ignored", FLOW,
         "    if ref.partition is not None and ref.partition not in ctx.partitions:\n        return Verdict(\"bad\"",
         "    if False:\n        return Verdict(\"bad\"", "references into other partitions accepted"),
    Flip("arn-zone-inverted", FLOW, "    if ctx.in_zone(ref.region):\n        return Verdict(\"ok\"",
         "    if not ctx.in_zone(ref.region):\n        return Verdict(\"ok\"",
         "region test of ARNs, endpoints and region values (replicas) inverted"),
    Flip("arn-policy-documents-scanned", FLOW, "            if _is_iam_document(document):",
         "            if False:", "grants in policy documents judged as destinations"),
    Flip("known-bucket-inverted", FLOW, "    if ctx.in_zone(region):\n        return Verdict(\"ok\", region=region)",
         "    if not ctx.in_zone(region):\n        return Verdict(\"ok\", region=region)",
         "region of a bucket of this deployment inverted"),
    Flip("foreign-bucket-passes", FLOW, "    if region is None:\n        return Verdict(\"unknown\"",
         "    if region is None:\n        return Verdict(\"ok\")\n"
         "    if region is None:\n        return Verdict(\"unknown\"",
         "S3 destinations outside the deployment accepted"),
    Flip("unknown-unrecorded-skipped", FLOW,
         "            if analyzed is None:\n                yield path\n                continue",
         "            if analyzed is None:\n                continue",
         "without an Analyze record, unknown inputs are left unresolved (fail open)"),
    Flip("kms-multi-region-strict", SIDE,
         '    elif is_true(value) or (isinstance(value, list | dict | str) and len(value) > 0 and value != "false"):',
         '    elif value is True or (isinstance(value, list | dict) and len(value) > 0):',
         'multi-Region flags given as strings ("true") accepted'),
    Flip("dependency-zone-inverted", SIDE,
         "        if not ctx.in_zone(verdict.region):\n            if ctx.exempt(flow_class(",
         "        if ctx.in_zone(verdict.region):\n            if ctx.exempt(flow_class(",
         "region test of the resources an unknown value derives from inverted"),
    Flip("dangling-dependency-ignored", STACK, "            if dep is None:\n                return None",
         "            if dep is None:\n                continue", "dependencies outside the stack ignored"),
    # -- exposure: geo restriction and the effective WAF evaluation (exposure, _waf) -------------------------------
    Flip("cloudfront-whitelist-any", EXPO, 'if kind == "whitelist" and codes and codes <= supported:',
         'if kind == "whitelist" and codes:', "any CloudFront whitelist accepted"),
    Flip("outside-rules-ignored", EXPO, "                    self.extra[acl.urn].append(subject)",
         "                    pass", "standalone rules and rule group associations added to a web ACL ignored"),
    Flip("country-codes-raw", WAF, "return frozenset(c.strip().upper() for c in codes)",
         "return frozenset(codes)", "country codes compared without normalisation"),
    Flip("allow-rule-any-geo", WAF, "            force[i] = v.t or force[i + 1]", "            force[i] = force[i + 1]",
         "an ALLOW rule that matches foreign countries no longer lets them through"),
    Flip("default-allow-passes", WAF, '    force[-1] = possible[-1] = acl.default == "allow"',
         "    force[-1] = possible[-1] = False", "default ALLOW without a blocking rule accepted"),
    Flip("not-geo-any", WAF, '        return _not(evaluate(body.get("statement"), request, ip_sets))',
         "        return TRUE", "a NOT statement (of any countries) matches every request"),
    Flip("forwarded-geo-trusted", WAF,
         "        if header in (None, {}):\n            return TRUE if request.country in codes else FALSE",
         "        if True:\n            return TRUE if request.country in codes else FALSE",
         "a geo match on a forwarded-IP header (which the client sets) read as the client's country"),
    Flip("priority-order-ignored", WAF,
         "        for *_order, steps in sorted(self.entries, key=lambda item: (item[0], item[1])):",
         "        for *_order, steps in self.entries:", "web ACL rules evaluated in listed order, not priority"),
    # -- exposure: what answers the internet (_reach, _network, _public) -------------------------------------------
    Flip("unknown-api-private", REACH,
         '        return Answer(YES, "its REST API is not in this stack, so it is taken to be public")',
         "        return Answer(NO)", "a stage of an API outside the stack assumed private"),
    Flip("alb-internal-default", REACH, '    if is_true(lb.props.get("internal")):',
         '    if lb.props.get("internal") is not False:', "an ALB without `internal` assumed internal"),
    Flip("nlb-internal-strict", REACH, "    if is_true(internal):", "    if internal is not False:",
         "a network or classic load balancer without `internal` assumed internal"),
    Flip("iam-only-none", REACH, '    if auth == "AWS_IAM":\n        return Answer(NO)\n    if protocol not in',
         '    if auth != "NONE":\n        return Answer(NO)\n    if protocol not in',
         "only NONE refused on v2 routes (JWT, CUSTOM, missing accepted)"),
    Flip("transfer-default-public", REACH, '    if kind in (None, "", "PUBLIC"):', '    if kind == "PUBLIC":',
         "a Transfer server without endpointType accepted"),
    Flip("public-permission-passes", REACH,
         '    if any(props.get(k) not in (None, "") for k in ("sourceArn", "sourceAccount", "principalOrgId")):',
         "    if True:", 'a Lambda permission for principal "*" without a source condition accepted'),
    Flip("default-subnet-private", REACH,
         '        subnet_public = Answer(YES, "it is launched in a default subnet, which maps public IPs on launch")',
         "        subnet_public = Answer(NO)", "an instance without a subnet (default subnet) assumed private"),
    Flip("foreign-security-group-closed", NETWORK,
         "        if groups.unresolved:\n            doubt = Answer(MAYBE",
         "        if False:\n            doubt = Answer(MAYBE", "a security group outside the stack assumed closed"),
    Flip("world-cidr-only-zero", PUBLIC, "    return network.prefixlen <= widest and not network.is_private",
         "    return network.prefixlen == 0", "only 0.0.0.0/0 and ::/0 count as the internet (1.0.0.0/1 accepted)"),
    Flip("negated-condition-limits", PUBLIC, '        if "Not" in op or op.endswith("IfExists") or op == "Null":',
         '        if op == "Null":', "negated and IfExists conditions limit a public grant"),
    # -- keyless, stateless ----------------------------------------------------------------------------------------
    Flip("method-none-case", KEY, 'authorization.upper() == "NONE"', 'authorization == "NONE"',
         'authorization "none" accepted'),
    Flip("flag-strict", KEY, "        elif is_true(value):\n            yield violation(",
         "        elif value is True:\n            yield violation(", 'cache and data-trace flags "true" accepted'),
    Flip("appsync-additional-key", KEY, '                if mode == "API_KEY":',
         '                if mode == "API_KEY" and path == "authenticationType":',
         "API_KEY as an additional AppSync provider accepted"),
    Flip("edge-default-passes", STATELESS,
         "    elif not isinstance(types, list) or not types:\n        yield violation(",
         "    elif False:\n        yield violation(", "a REST API without endpoint type (EDGE) accepted"),
    Flip("edge-unrecognised-passes", STATELESS,
         "any(t not in _NON_EDGE_TYPES for t in types)", 'any(t == "EDGE" for t in types)',
         "unrecognised endpoint types accepted"),
    Flip("edge-compute-passes", STATELESS, "                elif value:\n                    yield violation(",
         "                elif False:\n                    yield violation(", "edge function associations accepted"),
    Flip("retention-zero", STATELESS, "or days <= 0:", "or days < 0:", "retention 0 (never expire) accepted"),
    # -- catalog ---------------------------------------------------------------------------------------------------
    Flip("unclassified-is-control", CATALOG,
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


def stale_flips() -> list[str]:
    """Why each flip whose snippet is no longer in its source exactly once is stale (empty when none is)."""
    problems: list[str] = []
    ids: set[str] = set()
    for flip in FLIPS:
        if flip.id in ids:
            problems.append(f"mutant flip:{flip.id}: the id is used twice")
        ids.add(flip.id)
        try:
            flip.mutated_source()
        except (OSError, ValueError) as exc:
            problems.append(str(exc) if isinstance(exc, ValueError) else f"mutant flip:{flip.id}: {exc}")
    return problems


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
    killer: str = ""  # the first test that failed (for a killed mutant)


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
    failed = [line.split(" - ", 1)[0].removeprefix("FAILED ") for line in output.splitlines()
              if line.startswith(("FAILED ", "ERROR "))]
    return Result(shown, status, seconds, "\n".join(output.strip().splitlines()[-15:]), failed[0] if failed else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutants and print a table; exit 1 when any survives or errors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--only", action="append", default=[], help="run only these mutants (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run in parallel (default 2)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per test run (default 300)")
    parser.add_argument("--python", default=sys.executable, help="interpreter with pytest and the package")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the unmutated run (only when it is known to pass, e.g. just run)")
    args = parser.parse_args(argv)

    stale = stale_flips()  # every snippet must still be in its source exactly once
    if stale:
        print(f"{len(stale)} stale flip(s); update FLIPS:\n  " + "\n  ".join(stale))
        return 2
    chosen = mutants()
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
    if args.no_baseline:
        print(f"baseline skipped (--no-baseline); running {len(chosen)} mutants, {args.jobs} at a time")
    else:
        baseline = run(None, args.python, args.timeout)
        if baseline.status != "SURVIVED":  # the unmutated suite must pass
            print(f"The test suite fails without any mutation ({baseline.seconds:.0f} s):\n{baseline.tail}")
            return 2
        print(f"baseline passes in {baseline.seconds:.1f} s; running {len(chosen)} mutants, {args.jobs} at a time")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = []
        for result in pool.map(lambda m: run(m, args.python, args.timeout), chosen):
            by = f"  by {result.killer}" if result.killer and result.status == "killed" else ""
            print(f"  {result.status:8} {result.seconds:6.1f} s  {result.mutant.name}{by}", flush=True)
            results.append(result)
    bad = [r for r in results if r.status != "killed"]
    print(f"\n{len(results) - len(bad)} of {len(results)} mutants killed in {time.monotonic() - started:.0f} s.")
    for result in bad:
        print(f"\n{result.status}: {result.mutant.name} ({result.mutant.why})\n{result.tail}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
