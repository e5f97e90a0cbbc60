"""Component evasion: a resident database, with one child changed by hand to
make the database instances publicly accessible.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import database, setting, transformation

database(
    transformation(
        "aws:rds/clusterInstance:ClusterInstance",
        setting(publicly_accessible=True),
    )
)
