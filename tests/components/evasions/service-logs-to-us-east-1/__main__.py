"""Component evasion: a resident service, with one child changed by hand to
send the container's logs to CloudWatch Logs in us-east-1 (awslogs-region).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import literal_containers, service, setting, transformation

service(
    transformation(
        "aws:ecs/taskDefinition:TaskDefinition",
        setting(container_definitions=literal_containers(logs_region="us-east-1")),
    )
)
