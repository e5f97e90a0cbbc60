"""Component evasion: a resident service, with one child changed by hand to
drop the sign-in action, so the internet-facing load balancer forwards anonymous requests.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import service, transformation

service(
    transformation(
        "aws:lb/listener:Listener",
        lambda props: {**props, "default_actions": [a for a in props["default_actions"] if a.type == "forward"]},
    )
)
