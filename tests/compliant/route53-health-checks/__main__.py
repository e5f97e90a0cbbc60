"""Compliant: Route 53 health checks and failover routing between two EU regions.

AWS pattern: DNS failover (Route 53 Developer Guide, dns-failover-configuring): an HTTPS health check of the
primary endpoint, probed from at least three checker regions chosen by the team (Route 53 only offers
checkers in a fixed list of regions, several outside the EU), and PRIMARY/SECONDARY failover alias records
pointing at load balancers in eu-west-3 and eu-central-1.

Why compliant: health checkers send synthetic probe requests *to* the endpoint and receive only a status;
no customer data goes to the checker regions. The records point at load balancers in zone ``eu``.
"""

import pulumi
import pulumi_aws as aws

zone = aws.route53.Zone("shop", name="shop.example.eu")
primary = aws.route53.HealthCheck(
    "primary",
    type="HTTPS",
    fqdn="primary-alb-1234567890.eu-west-3.elb.amazonaws.com",
    port=443,
    resource_path="/health",
    request_interval=30,
    failure_threshold=3,
    regions=["eu-west-1", "us-east-1", "ap-southeast-1"],
    measure_latency=True,
    tags={"Name": "shop-primary"},
)
aws.route53.Record(
    "api-primary",
    zone_id=zone.zone_id,
    name="api.shop.example.eu",
    type="A",
    set_identifier="primary",
    failover_routing_policies=[{"type": "PRIMARY"}],
    health_check_id=primary.id,
    aliases=[{"name": "primary-alb-1234567890.eu-west-3.elb.amazonaws.com",
              "zone_id": "Z3Q77PNBQS71R4", "evaluate_target_health": True}],
)
aws.route53.Record(
    "api-secondary",
    zone_id=zone.zone_id,
    name="api.shop.example.eu",
    type="A",
    set_identifier="secondary",
    failover_routing_policies=[{"type": "SECONDARY"}],
    aliases=[{"name": "secondary-alb-1234567890.eu-central-1.elb.amazonaws.com",
              "zone_id": "Z215JYRZR1TBD5", "evaluate_target_health": True}],
)
