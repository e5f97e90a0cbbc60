"""Component evasion: a resident service, with one child changed by hand to
let the load balancer's web ACL allow every country by default.
"""

import sys
from pathlib import Path

import pulumi_aws as aws

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import service, setting, transformation

service(
    transformation(
        "aws:wafv2/webAcl:WebAcl",
        setting(default_action=aws.wafv2.WebAclDefaultActionArgs(allow=aws.wafv2.WebAclDefaultActionAllowArgs())),
    )
)
