import os
import sys
import time

from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy


def misbehave_validator(args, report_violation):
    if args.props.get("die") is True:
        print(f"dying on {args.name}", file=sys.stderr, flush=True)
        os._exit(3)
    if args.props.get("hang") is True:
        time.sleep(600)


PolicyPack(
    name="test-misbehaves",
    policies=[
        ResourceValidationPolicy(
            name="test-misbehave",
            description="Dies or hangs on request.",
            enforcement_level=EnforcementLevel.MANDATORY,
            validate=misbehave_validator,
        )
    ],
)
