import pulumi
import pulumi_aws as aws
import pulumi_awsx as awsx

vpc = awsx.ec2.Vpc("main", cidr_block="10.20.0.0/16", number_of_availability_zones=2,
                   nat_gateways=awsx.ec2.NatGatewayConfigurationArgs(strategy=awsx.ec2.NatGatewayStrategy.SINGLE))
sg = aws.ec2.SecurityGroup("bastion", vpc_id=vpc.vpc_id, ingress=[], egress=[
    aws.ec2.SecurityGroupEgressArgs(protocol="-1", from_port=0, to_port=0, cidr_blocks=["0.0.0.0/0"])])
pulumi.export("vpcId", vpc.vpc_id)
pulumi.export("privateSubnets", vpc.private_subnet_ids)
