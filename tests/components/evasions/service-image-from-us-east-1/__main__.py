"""Component evasion: a resident service, with one child changed by hand to
run an image pulled from the ECR registry of us-east-1.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import literal_containers, service, setting, transformation

service(
    transformation(
        "aws:ecs/taskDefinition:TaskDefinition",
        setting(
            container_definitions=literal_containers(
                image="123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:2026.12.1"
            )
        ),
    )
)
