"""Component evasion: a resident repository, with one child changed by hand to
encrypt the repository's images with a KMS key of us-east-1.
"""

import sys
from pathlib import Path

import pulumi_aws as aws

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evasion_stacks import KEY_US, repository, setting, transformation

repository(
    transformation(
        "aws:ecr/repository:Repository",
        setting(
            encryption_configurations=[
                aws.ecr.RepositoryEncryptionConfigurationArgs(encryption_type="KMS", kms_key=KEY_US)
            ]
        ),
    )
)
