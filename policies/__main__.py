"""Entry point the Pulumi engine runs (``python -m pulumi.policy <engine> <pack dir>``): assemble the pack.

Constructing ``PolicyPack`` starts the gRPC server and blocks, so nothing may import this module; the rules
live in the importable ``residency.policies`` package. One runtime serves the whole pack session.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from residency import dependencies

dependencies.check()  # the engine shows this sentence when the pack's environment is too old

from residency.policies import PACK_NAME, RULES, PackRuntime  # noqa: E402

PolicyPack(
    name=PACK_NAME,
    policies=PackRuntime(RULES).policies(),
    enforcement_level=EnforcementLevel.MANDATORY,
    description="Keeps customer content, request processing and exposure of AWS stacks inside a residency "
                "zone.",
)
