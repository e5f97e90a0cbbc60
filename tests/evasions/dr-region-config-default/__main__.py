"""Evasion: `config.get("drRegion") or "us-east-1"`: the stack does not set drRegion, so the DR copy lands in the US."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
dr_region = config.get("drRegion") or "us-east-1"

aws.s3.Bucket("leak-documents-dr", bucket="acme-documents-dr", region=dr_region)
