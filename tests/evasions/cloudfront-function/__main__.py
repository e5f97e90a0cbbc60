"""Evasion: a CloudFront Function that sees every viewer request at the edge."""

import pulumi
import pulumi_aws as aws

aws.cloudfront.Function(
    "leak-rewrite",
    name="rewrite",
    runtime="cloudfront-js-2.0",
    publish=True,
    code="function handler(event) { return event.request; }",
)
