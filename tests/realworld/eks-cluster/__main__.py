import pulumi
import pulumi_eks as eks

cluster = eks.Cluster("apps", instance_type="t3.medium", desired_capacity=2, min_size=1, max_size=3)
pulumi.export("kubeconfig", cluster.kubeconfig)
