"""Compliant: SES in eu-west-3 with the DNS records AWS documents for a verified sending domain.

AWS pattern: a domain identity with Easy DKIM (SES Developer Guide, send-email-authentication-dkim-easy):
three CNAME records ``<token>._domainkey.<domain>`` pointing at ``<token>.dkim.amazonses.com``; a custom
MAIL FROM domain (mail-from) with an MX record pointing at ``feedback-smtp.eu-west-3.amazonses.com`` and an
SPF TXT record ``v=spf1 include:amazonses.com ~all``.

Why compliant: SES sends from eu-west-3. The DNS records are published in the (global) Route 53 zone and
tell *receiving* mail servers where to fetch DKIM keys and send bounces: the SES endpoints of eu-west-3 and
the DKIM key hosts of SES. They move no data out of the zone.
"""

import pulumi
import pulumi_aws as aws

DOMAIN = "mail.example.eu"

zone = aws.route53.Zone("mail", name=DOMAIN)
identity = aws.sesv2.EmailIdentity("mail", email_identity=DOMAIN)
aws.sesv2.EmailIdentityMailFromAttributes(
    "mail",
    email_identity=identity.email_identity,
    mail_from_domain=f"bounce.{DOMAIN}",
    behavior_on_mx_failure="USE_DEFAULT_VALUE",
)
for index in range(3):
    token = identity.dkim_signing_attributes.tokens[index]
    aws.route53.Record(
        f"dkim-{index}",
        zone_id=zone.zone_id,
        name=token.apply(lambda t: f"{t}._domainkey.{DOMAIN}"),
        type="CNAME",
        ttl=1800,
        records=[token.apply(lambda t: f"{t}.dkim.amazonses.com")],
    )
aws.route53.Record(
    "mail-from-mx",
    zone_id=zone.zone_id,
    name=f"bounce.{DOMAIN}",
    type="MX",
    ttl=1800,
    records=["10 feedback-smtp.eu-west-3.amazonses.com"],
)
aws.route53.Record(
    "mail-from-spf",
    zone_id=zone.zone_id,
    name=f"bounce.{DOMAIN}",
    type="TXT",
    ttl=1800,
    records=["v=spf1 include:amazonses.com ~all"],
)
