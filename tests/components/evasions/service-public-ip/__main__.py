"""Component evasion: a resident service, with one child changed by hand to
give the service's tasks public IPs.
"""

import sys
from pathlib import Path

import pulumi_aws as aws

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import service, transformation

service(
    transformation(
        "aws:ecs/service:Service",
        lambda props: {
            **props,
            "network_configuration": aws.ecs.ServiceNetworkConfigurationArgs(
                subnets=props["network_configuration"].subnets,
                security_groups=props["network_configuration"].security_groups,
                assign_public_ip=True,
            ),
        },
    )
)
