#!/usr/bin/env python3
"""Write ``tests/compliant/README.md`` from the compliant corpus manifest ``tests/compliant/cases.json``.

The manifest is the single source: each case folder maps to its ``family``, ``description`` and pack
``zone``, the ``advisory`` findings it is expected to produce (policy names, one per finding) and, for a known
false positive of the pack, an ``xfail`` sentence. ``tests/test_compliant.py`` checks that the README is what
this script writes.

Usage::

    .venv/bin/python tools/compliant_readme.py           # rewrite the README
    .venv/bin/python tools/compliant_readme.py --check   # exit 1 if the README is out of date

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

ROOT: Final = Path(__file__).resolve().parents[1]
CORPUS: Final = ROOT / "tests" / "compliant"
MANIFEST: Final = CORPUS / "cases.json"
README: Final = CORPUS / "README.md"

#: What each family of cases shows, in the order the README lists them.
FAMILIES: Final[Mapping[str, str]] = {
    "aws-requires-us-east-1": "AWS requires a us-east-1 resource (edge certificates, DNSSEC keys, DNS query logs)",
    "exempt-class": "Data tagged with an exempt class outside the zone, with its untaggable parts",
    "not-a-flow": "References that move no data: tags, dashboards, health checks, grants, settings, CORS",
    "zone-gb": "Zone `gb`: London (eu-west-2) only",
    "zone-fr": "Zone `fr`: Paris (eu-west-3) only",
    "zone-aws-eusc": "Zone `aws-eusc`: the AWS European Sovereign Cloud partition",
    "replication-in-zone": "Replicas and cross-region copies whose every copy is in the zone",
    "copies-into-zone": "Cross-region copies from outside the zone into it",
    "event-flows": "Functions, queues, topics, streams, buses and workflows wired inside the zone",
    "endpoints-and-urls": "AWS endpoints, PrivateLink names, URLs and DNS records of the zone",
    "logging-and-audit": "Audit trails, configuration history and flow logs delivered inside the zone",
    "kms": "Customer managed keys of the zone used by every service",
    "bedrock": "Bedrock with in-region model ids and EU inference profiles",
    "external-destinations": "Destinations outside AWS listed in `externalDestinations` with an EU country",
    "api": "A regional, IAM-authorised REST API behind a geo-restricting WAF web ACL",
    "components": "The repository's own components in a second stack",
    "identity": "Cognito user pools and app clients",
    "exposure": "Endpoints, instances, databases and buckets that answer the internet only as the exposure rules allow",
}

INTRO: Final = """\
# Compliant corpus

Small Pulumi Python programs (pulumi-aws 7) that real EU teams write and that keep customer data, and the
processing of requests, in the residency zone. A false positive is a defect: a gate that blocks compliant
stacks gets switched off, so each of these must pass `residency check`.

Every folder is a complete project: `Pulumi.yaml` (`name: compliant-<folder>`, `runtime: python`),
`Pulumi.dev.yaml` (stack `dev`, `aws:region`) and `__main__.py`, whose docstring names the AWS pattern it
shows and why it is compliant. A case for a zone other than the default `eu` (or with
`externalDestinations`) carries a `policy-config.json`, passed as `--policy-config`: the CLI takes the pack's
settings from `--zone`/`--policy-config`, while a stack's `residency:*` keys configure the components.

`tests/test_compliant.py` runs each case end to end through the `residency` console script
(`residency check tests/compliant/<case> --stack dev --format json [--policy-config ...]`), two at a time,
and requires exit code 0, no mandatory finding, and exactly the advisory findings listed below (so that
advisories cannot grow silently). `cases.json` is the machine-readable manifest of the table; this README is
generated from it by `tools/compliant_readme.py` (a test fails when it is out of date).

A case marked *known false positive* is compliant but the pack currently reports a mandatory finding on it;
the test marks it `xfail(strict=True)`, so it starts failing (and must be unmarked) once the pack is fixed.

To try one case by hand:

```sh
.venv/bin/residency check tests/compliant/gb-serverless-orders --stack dev \\
    --policy-config tests/compliant/gb-serverless-orders/policy-config.json
```
"""


def load(path: Path = MANIFEST) -> dict[str, dict[str, Any]]:
    """The manifest: case folder -> entry."""
    manifest: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _advisory(entry: Mapping[str, Any]) -> str:
    counts = Counter(entry.get("advisory", ()))
    return ", ".join(f"`{p}`" + (f" (x{n})" if n > 1 else "") for p, n in sorted(counts.items())) or "none"


def render(manifest: Mapping[str, Mapping[str, Any]]) -> str:
    """The README text for a manifest."""
    unknown = sorted({e["family"] for e in manifest.values()} - set(FAMILIES))
    if unknown:
        raise ValueError(f"unknown families in cases.json: {', '.join(unknown)}; add them to FAMILIES")
    lines = [INTRO]
    by_family = Counter(e["family"] for e in manifest.values())
    xfails = sum(1 for e in manifest.values() if "xfail" in e)
    lines += [
        "## Families",
        "",
        f"{len(manifest)} cases: {len(manifest) - xfails} pass, {xfails} are known false positives.",
        "",
        "| Family | Cases | What the cases show |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{family}` | {by_family[family]} | {what} |" for family, what in FAMILIES.items()
              if by_family[family]]
    lines += [
        "",
        "## Cases",
        "",
        "| Folder | Family | Zone | What it shows | Advisory findings | Known false positive |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    order = list(FAMILIES)
    for folder, entry in sorted(manifest.items(), key=lambda item: (order.index(item[1]["family"]), item[0])):
        description = entry["description"][0].upper() + entry["description"][1:]
        lines.append(
            f"| `{folder}` | `{entry['family']}` | `{entry['zone']}` | {_cell(description)} | {_advisory(entry)} "
            f"| {_cell(entry.get('xfail', ''))} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the README, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the README is out of date")
    args = parser.parse_args(argv)
    text = render(load())
    if args.check:
        current = README.read_text(encoding="utf-8") if README.is_file() else ""
        if current != text:
            print(f"{README.relative_to(ROOT)} is out of date: run tools/compliant_readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
