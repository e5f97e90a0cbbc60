from basic_policies import echo, fix, no_bad, stack_flag
from pulumi_policy import PolicyPack

PolicyPack(name="test-basic", policies=[fix, no_bad, stack_flag, echo])
