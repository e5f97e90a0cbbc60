"""Evasion: a Multi-Region Access Point over an EU bucket and a US bucket: writes go to whichever is nearest."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")

eu = aws.s3.Bucket("documents-eu", bucket="acme-documents-eu")
us = aws.s3.Bucket(
    "documents-us",  # tagged billing: the bucket alone would be allowed there
    bucket="acme-documents-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

aws.s3control.MultiRegionAccessPoint(
    "leak-documents-mrap",
    details={
        "name": "documents",
        "regions": [{"bucket": eu.id}, {"bucket": us.id}],
    },
)
