"""Evasion: the shared file system is replicated to us-east-1 "for DR"."""

import pulumi
import pulumi_aws as aws

shared = aws.efs.FileSystem("shared", creation_token="shared", encrypted=True)

aws.efs.ReplicationConfiguration(
    "leak-shared-dr",
    source_file_system_id=shared.id,
    destination={"region": "us-east-1"},
)
