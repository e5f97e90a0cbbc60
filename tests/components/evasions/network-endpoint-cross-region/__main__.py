"""Component evasion: a resident network, with one child changed by hand to
pull images through a cross-region interface endpoint of us-east-1's ECR.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import network, transformation

network(
    transformation(
        "aws:ec2/vpcEndpoint:VpcEndpoint",
        lambda props: (
            {**props, "service_name": "com.amazonaws.us-east-1.ecr.dkr", "service_region": "us-east-1"}
            if str(props["service_name"]).endswith(".ecr.dkr")
            else props
        ),
    )
)
