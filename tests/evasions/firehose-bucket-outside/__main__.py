"""Evasion: Firehose in the zone delivering into a bucket that is created in us-east-1."""

import pulumi
import pulumi_aws as aws

us = aws.Provider("archive", region="us-east-1")
# Tagged billing, so the bucket alone may stand there; what Firehose delivers into it is customer content.
lake = aws.s3.Bucket("lake", bucket="acme-lake", tags={"data-class": "billing"},
                    opts=pulumi.ResourceOptions(provider=us))

aws.kinesis.FirehoseDeliveryStream(
    "leak-delivery",
    destination="extended_s3",
    extended_s3_configuration={
        "role_arn": "arn:aws:iam::123456789012:role/firehose",
        "bucket_arn": lake.arn,
    },
)
