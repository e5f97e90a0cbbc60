"""AWS pattern: An RDS instance in private subnets, reachable only from the application security group.

Why compliant: A PostgreSQL instance that is not publicly accessible, in private subnets, open to the app only.
"""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()

vpc = aws.ec2.Vpc("data", cidr_block="10.30.0.0/16")
table = aws.ec2.RouteTable("data-private", vpc_id=vpc.id)
subnets = []
for index, zone in enumerate(("a", "b")):
    subnet = aws.ec2.Subnet(f"data-{zone}", vpc_id=vpc.id, cidr_block=f"10.30.{index}.0/24",
                            availability_zone=f"eu-west-3{zone}")
    aws.ec2.RouteTableAssociation(f"data-{zone}", subnet_id=subnet.id, route_table_id=table.id)
    subnets.append(subnet)

app = aws.ec2.SecurityGroup("app-tier", vpc_id=vpc.id, description="application servers")
database_group = aws.ec2.SecurityGroup("db-tier", vpc_id=vpc.id, description="PostgreSQL from the app tier")
aws.vpc.SecurityGroupIngressRule("db-from-app", security_group_id=database_group.id, ip_protocol="tcp",
                                 from_port=5432, to_port=5432, referenced_security_group_id=app.id)

key = aws.kms.Key("db-key", description="orders database", enable_key_rotation=True)
group = aws.rds.SubnetGroup("orders", subnet_ids=[s.id for s in subnets])
aws.rds.Instance(
    "orders",
    engine="postgres",
    engine_version="16.4",
    instance_class="db.t4g.micro",
    allocated_storage=20,
    username="orders_admin",
    manage_master_user_password=True,
    db_subnet_group_name=group.name,
    vpc_security_group_ids=[database_group.id],
    publicly_accessible=False,
    storage_encrypted=True,
    kms_key_id=key.arn,
    skip_final_snapshot=True,
)
