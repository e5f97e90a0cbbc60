"""Component evasion: a resident network, with one child changed by hand to
give every instance launched in the network's subnets a public IP.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import network, setting, transformation

network(
    transformation(
        "aws:ec2/subnet:Subnet",
        setting(map_public_ip_on_launch=True),
    )
)
