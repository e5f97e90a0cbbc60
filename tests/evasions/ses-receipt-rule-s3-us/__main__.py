"""Evasion: every e-mail customers send to support@ is stored in a bucket in us-east-1."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# The finance team's bucket in us-east-1 holds billing exports only (an exempt class), so it may stand there.
finance = aws.s3.Bucket(
    "finance-exports",
    bucket="acme-finance-exports-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

rule_set = aws.ses.ReceiptRuleSet("inbound", rule_set_name="inbound")

aws.ses.ReceiptRule(
    "leak-support-mail",
    name="support-mail",
    rule_set_name=rule_set.rule_set_name,
    recipients=["support@acme.example"],
    enabled=True,
    scan_enabled=True,
    s3_actions=[{"bucket_name": finance.bucket, "object_key_prefix": "support/", "position": 1}],
)
