import pulumi
import pulumi_aws as aws

ops = aws.Provider("ops")
aws.sqs.Queue("alerts", opts=pulumi.ResourceOptions(provider=ops))
