from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy

# A pack must not print before it serves: the engine reads the first stdout line as the port.
print("hello from the pack")

PolicyPack(
    name="test-prints",
    policies=[
        ResourceValidationPolicy(
            name="test-noop",
            description="Nothing.",
            enforcement_level=EnforcementLevel.ADVISORY,
            validate=lambda args, report: None,
        )
    ],
)
