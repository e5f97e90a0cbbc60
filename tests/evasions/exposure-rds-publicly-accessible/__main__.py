"""Evasion: a MySQL instance that is publicly accessible, in public subnets, behind a group open to the world."""

import pulumi_aws as aws

vpc = aws.ec2.Vpc("app", cidr_block="172.31.0.0/16", enable_dns_hostnames=True)
gateway = aws.ec2.InternetGateway("app", vpc_id=vpc.id)
table = aws.ec2.RouteTable("app", vpc_id=vpc.id, routes=[{"cidr_block": "0.0.0.0/0", "gateway_id": gateway.id}])
aws.ec2.MainRouteTableAssociation("app", vpc_id=vpc.id, route_table_id=table.id)
subnets = [aws.ec2.Subnet(f"app-{z}", vpc_id=vpc.id, cidr_block=f"172.31.{i * 16}.0/20",
                          availability_zone=f"eu-west-3{z}") for i, z in enumerate(("a", "b"))]
open_group = aws.ec2.SecurityGroup("db-open", vpc_id=vpc.id, description="MySQL from anywhere", ingress=[
    {"protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_blocks": ["0.0.0.0/0"]},
])
group = aws.rds.SubnetGroup("app", subnet_ids=[s.id for s in subnets])
aws.rds.Instance("leak-db", engine="mysql", instance_class="db.t3.micro", allocated_storage=20, username="admin",
                 manage_master_user_password=True, publicly_accessible=True, db_subnet_group_name=group.id,
                 vpc_security_group_ids=[open_group.id], storage_encrypted=True, skip_final_snapshot=True)
