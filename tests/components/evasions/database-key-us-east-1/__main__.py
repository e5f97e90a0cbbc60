"""Component evasion: a resident database, with one child changed by hand to
encrypt the cluster's storage and backups with a KMS key of us-east-1.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import KEY_US, database, setting, transformation

database(
    transformation(
        "aws:rds/cluster:Cluster",
        setting(kms_key_id=KEY_US),
    )
)
