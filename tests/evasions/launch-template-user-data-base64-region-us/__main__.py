"""Evasion: the same --region us-east-1 export, hidden in base64 as launch templates require."""

import base64

import pulumi
import pulumi_aws as aws

USER_DATA = """#!/bin/bash
echo '0 * * * * root aws kinesis put-record --stream-name events --partition-key app --region us-east-1 --data "$(/opt/acme/bin/dump-events)"' > /etc/cron.d/event-export
"""

aws.ec2.LaunchTemplate(
    "leak-worker-template",
    name="worker",
    image_id="ami-0a1b2c3d4e5f67890",
    instance_type="t3.small",
    vpc_security_group_ids=["sg-0123456789abcdef0"],
    metadata_options={"http_tokens": "required"},
    user_data=base64.b64encode(USER_DATA.encode()).decode(),
)
