"""Component evasion: a resident service, with one child changed by hand to
terminate TLS with a certificate of us-east-1.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import service, setting, transformation

service(
    transformation(
        "aws:lb/listener:Listener",
        setting(certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/0b7d4c1a-8e2f-4a6b-b3c9-1d2e3f4a5b6c"),
    )
)
