"""Evasion: a Transfer Family server of type VPC (not PUBLIC) made internet-facing by Elastic IPs."""

import pulumi_aws as aws

address = aws.ec2.Eip("sftp", domain="vpc")
aws.transfer.Server("leak-sftp", endpoint_type="VPC", protocols=["SFTP"], identity_provider_type="SERVICE_MANAGED",
                    endpoint_details={"vpc_id": "vpc-0123456789abcdef0", "subnet_ids": ["subnet-0a1b2c3d"],
                                      "address_allocation_ids": [address.id]})
