"""Evasion: the instance's user data installs a cron job that pushes customer events to a stream in us-east-1."""

import pulumi
import pulumi_aws as aws

USER_DATA = """#!/bin/bash
cat > /etc/cron.d/event-export <<'CRON'
*/5 * * * * root /opt/acme/bin/dump-events | xargs -0 aws kinesis put-record --stream-name events --partition-key app --region us-east-1 --data
CRON
"""

aws.ec2.Instance(
    "leak-event-exporter",
    ami="ami-0a1b2c3d4e5f67890",
    instance_type="t3.small",
    subnet_id="subnet-0a1b2c3d",
    vpc_security_group_ids=["sg-0123456789abcdef0"],
    iam_instance_profile="event-exporter",
    metadata_options={"http_tokens": "required"},
    user_data=USER_DATA,
)
