"""Compliant: ECR registry replication to other EU regions of the same account.

AWS pattern: private image replication (ECR User Guide, replication) is one registry-wide
ReplicationConfiguration listing destination regions and registry ids, optionally filtered by repository
prefix; teams replicate images next to each region's clusters.

Why compliant: the destinations are eu-central-1 and eu-north-1, both in zone ``eu``.
"""

import pulumi
import pulumi_aws as aws

aws.ecr.Repository(
    "api",
    name="shop/api",
    image_tag_mutability="IMMUTABLE",
    image_scanning_configuration={"scan_on_push": True},
    encryption_configurations=[{"encryption_type": "KMS"}],
)
aws.ecr.ReplicationConfiguration(
    "registry",
    replication_configuration={
        "rules": [{
            "destinations": [
                {"region": "eu-central-1", "registry_id": "123456789012"},
                {"region": "eu-north-1", "registry_id": "123456789012"},
            ],
            "repository_filters": [{"filter": "shop/", "filter_type": "PREFIX_MATCH"}],
        }],
    },
)
