import pulumi
import pulumi_aws as aws

ami = aws.ec2.get_ami(most_recent=True, owners=["amazon"],
                      filters=[aws.ec2.GetAmiFilterArgs(name="name", values=["al2023-ami-*-x86_64"])])
group = aws.ec2.SecurityGroup("web", description="HTTPS in", ingress=[aws.ec2.SecurityGroupIngressArgs(
    protocol="tcp", from_port=443, to_port=443, cidr_blocks=["10.0.0.0/8"])])
server = aws.ec2.Instance("web", ami=ami.id, instance_type="t3.micro", vpc_security_group_ids=[group.id],
                          root_block_device=aws.ec2.InstanceRootBlockDeviceArgs(encrypted=True),
                          tags={"Name": "web"})
pulumi.export("ami", ami.id)
pulumi.export("privateIp", server.private_ip)
