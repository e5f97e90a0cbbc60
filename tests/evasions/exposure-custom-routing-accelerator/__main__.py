"""Evasion: a custom routing accelerator: traffic enters at AWS edge locations worldwide, no web ACL can apply."""

import pulumi_aws as aws

accelerator = aws.globalaccelerator.CustomRoutingAccelerator("leak-accelerator", name="game-sessions",
                                                             ip_address_type="IPV4", enabled=True)
aws.globalaccelerator.CustomRoutingListener("sessions", accelerator_arn=accelerator.arn,
                                            port_ranges=[{"from_port": 10000, "to_port": 20000}])
