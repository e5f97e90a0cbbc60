"""Evasion: a Lightsail instance: a public IP and an open firewall, outside the reach of any web ACL."""

import pulumi_aws as aws

aws.lightsail.Instance("leak-box", availability_zone="eu-west-3a", blueprint_id="amazon_linux_2023",
                       bundle_id="nano_3_0")
