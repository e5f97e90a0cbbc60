"""Compliant: EFS replication from Paris to Aragon (eu-south-2).

AWS pattern: an EFS ReplicationConfiguration creates a read-only replica file system in a destination
region, encrypted with a key of that region (EFS User Guide, efs-replication).

Why compliant: the source file system is in eu-west-3 and the destination region is eu-south-2 (Spain), in
zone ``eu``; the destination key is an eu-south-2 key.
"""

import pulumi
import pulumi_aws as aws

key = aws.kms.Key("shared-files", description="Shared files (Paris)", enable_key_rotation=True)
replica_key = aws.kms.Key("shared-files-aragon", description="Shared files (Aragon)", enable_key_rotation=True,
                          region="eu-south-2")
files = aws.efs.FileSystem(
    "shared-files",
    creation_token="shared-files",
    encrypted=True,
    kms_key_id=key.arn,
    performance_mode="generalPurpose",
    throughput_mode="elastic",
)
aws.efs.BackupPolicy("shared-files", file_system_id=files.id, backup_policy={"status": "ENABLED"})
aws.efs.ReplicationConfiguration(
    "shared-files",
    source_file_system_id=files.id,
    destination={"region": "eu-south-2", "kms_key_id": replica_key.arn},
)

pulumi.export("file_system", files.id)
