import pulumi
import pulumi_aws as aws

zones = aws.get_availability_zones(state="available")
vpc = aws.ec2.Vpc("main", cidr_block="10.0.0.0/16", enable_dns_hostnames=True)
subnets = [aws.ec2.Subnet(f"private-{i}", vpc_id=vpc.id, availability_zone=zone, cidr_block=f"10.0.{i}.0/24")
           for i, zone in enumerate(zones.names[:2])]
pulumi.export("subnets", [s.id for s in subnets])
