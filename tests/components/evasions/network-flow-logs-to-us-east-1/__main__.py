"""Component evasion: a resident network, with one child changed by hand to
ship the VPC's flow logs to a log group in us-east-1.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import network, setting, transformation

network(
    transformation(
        "aws:ec2/flowLog:FlowLog",
        setting(log_destination="arn:aws:logs:us-east-1:123456789012:log-group:flow-logs"),
    )
)
