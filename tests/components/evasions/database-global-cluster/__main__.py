"""Component evasion: a resident database, with one child changed by hand to
join the cluster to a global cluster, which replicates to other regions.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import database, setting, transformation

database(
    transformation(
        "aws:rds/cluster:Cluster",
        setting(global_cluster_identifier="orders-global"),
    )
)
