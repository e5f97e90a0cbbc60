"""Compliant: DNSSEC signing of a Route 53 public hosted zone with a us-east-1 KMS key.

AWS pattern: "the customer managed key must be in US East (N. Virginia) Region (us-east-1)", asymmetric,
ECC_NIST_P256, SIGN_VERIFY, with a key policy letting dnssec-route53.amazonaws.com use it (Route 53 Developer
Guide, dns-configuring-dnssec-cmk-requirements). A KeySigningKey ties the key to the zone and
HostedZoneDnsSec turns signing on.

Why compliant: the KMS key signs DNS records; an ECC signing key cannot encrypt anything, so it holds no
customer content, and it is tagged ``data-class: service-metadata`` to say so. The hosted zone and the
key-signing key belong to Route 53, a global service.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"

zone = aws.route53.Zone("public", name="example.eu")

signing_key = aws.kms.Key(
    "dnssec",
    description="DNSSEC key-signing key of example.eu",
    customer_master_key_spec="ECC_NIST_P256",
    key_usage="SIGN_VERIFY",
    deletion_window_in_days=7,
    region="us-east-1",  # Route 53 DNSSEC uses KMS keys of us-east-1 only
    tags={"data-class": "service-metadata"},
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "Route53DnssecSigns",
                "Effect": "Allow",
                "Principal": {"Service": "dnssec-route53.amazonaws.com"},
                "Action": ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": ACCOUNT},
                    "ArnLike": {"aws:SourceArn": "arn:aws:route53:::hostedzone/*"},
                },
            },
            {
                "Sid": "Route53DnssecGrants",
                "Effect": "Allow",
                "Principal": {"Service": "dnssec-route53.amazonaws.com"},
                "Action": "kms:CreateGrant",
                "Resource": "*",
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}},
            },
        ],
    }),
)
ksk = aws.route53.KeySigningKey(
    "example-eu",
    hosted_zone_id=zone.id,
    key_management_service_arn=signing_key.arn,
    name="example_eu_ksk",
)
aws.route53.HostedZoneDnsSec(
    "example-eu",
    hosted_zone_id=ksk.hosted_zone_id,
    opts=pulumi.ResourceOptions(depends_on=[ksk]),
)

pulumi.export("ds_record", ksk.ds_record)
