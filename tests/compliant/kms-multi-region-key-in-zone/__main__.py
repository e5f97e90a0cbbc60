"""Compliant: a multi-Region KMS key with its replica in another EU region.

AWS pattern: multi-Region keys let data encrypted in one region be decrypted in another without a
cross-region call (KMS Developer Guide, multi-region-keys-overview); a ReplicaKey in the second region names
the primary's ARN.

Why compliant: the primary is in eu-west-3 and the replica in eu-west-1, both in zone ``eu``. A multi-Region
key is a multi-Region primitive (someone could replicate it elsewhere later), which the pack reports as
advisory (``side-door-multi-region``) by default; it does not block.
"""

import pulumi
import pulumi_aws as aws

primary = aws.kms.Key(
    "envelope",
    description="Client-side envelope encryption (primary)",
    multi_region=True,
    enable_key_rotation=True,
    deletion_window_in_days=30,
)
replica = aws.kms.ReplicaKey(
    "envelope-dublin",
    description="Client-side envelope encryption (replica)",
    primary_key_arn=primary.arn,
    deletion_window_in_days=30,
    region="eu-west-1",
)
aws.kms.Alias("envelope", name="alias/envelope", target_key_id=primary.key_id)
aws.kms.Alias("envelope-dublin", name="alias/envelope", target_key_id=replica.key_id, region="eu-west-1")

pulumi.export("primary", primary.arn)
