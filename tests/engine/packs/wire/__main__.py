from pulumi_policy import PolicyPack
from wire_policies import wire_analyze, wire_stack

PolicyPack(name="test-wire", policies=[wire_analyze, wire_stack])
