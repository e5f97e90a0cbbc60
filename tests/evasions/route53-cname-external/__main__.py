"""Evasion: api.acme.example is repointed, by DNS, at an app hosted by a PaaS outside AWS."""

import pulumi
import pulumi_aws as aws

zone = aws.route53.Zone("acme", name="acme.example")

aws.route53.Record(
    "leak-api-cname",
    zone_id=zone.zone_id,
    name="api.acme.example",
    type="CNAME",
    ttl=300,
    records=["acme-api-7f3a.herokuapp.com"],
)
