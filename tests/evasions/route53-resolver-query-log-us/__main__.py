"""Evasion: every DNS query of the VPC (which hosts customers look up) is logged to a log group in us-east-1."""

import pulumi
import pulumi_aws as aws

aws.route53.ResolverQueryLogConfig(
    "leak-vpc-dns-queries",
    name="vpc-dns-queries",
    destination_arn="arn:aws:logs:us-east-1:123456789012:log-group:/central/dns-queries",
)
