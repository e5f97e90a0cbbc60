"""Compliant: Route 53 public DNS query logs in a us-east-1 log group.

AWS pattern: "you must create the log group in the US East (N. Virginia) Region" and give Route 53 a
CloudWatch Logs resource policy there (Route 53 Developer Guide, query-logs). The log group is named under
``/aws/route53/`` so one resource policy covers every zone.

Why compliant: public DNS query logs record which names resolvers asked for (service metadata of the DNS
service, not customer content) and the log group says so with ``data-class: service-metadata``; it expires
events after 30 days. The query-log resource itself belongs to global Route 53.
"""

import json

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1", default_tags={"tags": {"owner": "platform-dns"}})
opts = pulumi.ResourceOptions(provider=us_east_1)

zone = aws.route53.Zone("public", name="example.eu")
log_group = aws.cloudwatch.LogGroup(
    "dns-queries",
    name="/aws/route53/example.eu",
    retention_in_days=30,
    tags={"data-class": "service-metadata"},
    opts=opts,
)
policy = aws.cloudwatch.LogResourcePolicy(
    "route53-query-logging",
    policy_name="route53-query-logging",
    policy_document=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "route53.amazonaws.com"},
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/*",
        }],
    }),
    opts=opts,
)
aws.route53.QueryLog(
    "example-eu",
    zone_id=zone.zone_id,
    cloudwatch_log_group_arn=log_group.arn,
    opts=pulumi.ResourceOptions(depends_on=[policy]),
)

pulumi.export("log_group", log_group.name)
