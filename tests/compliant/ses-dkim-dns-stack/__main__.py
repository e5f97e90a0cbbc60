"""Compliant: the DKIM records of an SES sending domain, published by the DNS team's own stack.

AWS pattern: with Easy DKIM, SES gives three tokens and asks for three CNAME records
``<token>._domainkey.<domain>`` pointing at ``<token>.dkim.amazonses.com`` (SES Developer Guide,
send-email-authentication-dkim-easy). Where DNS is owned by another team, the tokens reach the DNS stack as
stack configuration (or from ``pulumi up`` of the SES stack), so they are known strings here.

Why compliant: the records are published in the global Route 53 zone; they tell receiving mail servers
where to fetch the public DKIM keys, which SES (an AWS service) hosts under amazonses.com. No data of this
stack goes anywhere.
"""

import pulumi
import pulumi_aws as aws

DOMAIN = "mail.example.eu"
tokens = pulumi.Config("mail").require_object("dkimTokens")

zone = aws.route53.Zone("mail", name=DOMAIN)
for index, token in enumerate(tokens):
    aws.route53.Record(
        f"dkim-{index}",
        zone_id=zone.zone_id,
        name=f"{token}._domainkey.{DOMAIN}",
        type="CNAME",
        ttl=1800,
        records=[f"{token}.dkim.amazonses.com"],
    )
