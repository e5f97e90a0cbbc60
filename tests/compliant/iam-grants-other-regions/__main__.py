"""Compliant: permissions that name resources and regions outside the zone.

AWS pattern: grants are written in the IAM policy grammar wherever they live (IAM Reference,
reference_policies_elements): an IAM policy letting the deployment role pull from the organisation's shared
us-east-1 registry; the classic region-deny service control policy (Organizations User Guide,
orgs_manage_policies_scps_examples_general) whose condition lists the allowed EU regions and exempts global
services served from us-east-1; an SQS queue policy and an event bus policy that let a topic and an event
rule of us-east-1 deliver *into* eu-west-3.

Why compliant: permission documents decide who may act; they move no data. The flows they allow come into
the zone (the queue and the event bus are in eu-west-3); nothing in this stack sends data out.
"""

import json

import pulumi
import pulumi_aws as aws

ACCOUNT = "123456789012"

aws.iam.Policy(
    "deploy-pulls-shared-images",
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Resource": "arn:aws:ecr:us-east-1:210987654321:repository/platform/*",
        }],
    }),
)
aws.organizations.Policy(
    "deny-outside-eu",
    type="SERVICE_CONTROL_POLICY",
    description="Deny actions outside the EU regions, except global services",
    content=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "DenyOutsideEU",
            "Effect": "Deny",
            "NotAction": ["cloudfront:*", "iam:*", "route53:*", "support:*", "organizations:*", "sts:*",
                          "budgets:*", "ce:*", "waf:*", "globalaccelerator:*", "health:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": [
                "eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2"]}},
        }],
    }),
)

inbound = aws.sqs.Queue("partner-events", sqs_managed_sse_enabled=True)
aws.sqs.QueuePolicy(
    "partner-events",
    queue_url=inbound.id,
    policy=inbound.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:210987654321:partner-events"}},
        }],
    })),
)
bus = aws.cloudwatch.EventBus("partner", name="partner")
aws.cloudwatch.EventBusPolicy(
    "partner",
    event_bus_name=bus.name,
    policy=bus.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PartnerForwardsFromUsEast1",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": "events:PutEvents",
            "Resource": arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:events:us-east-1:210987654321:rule/forward-to-eu"}},
        }],
    })),
)
