import pulumi
import pulumi_aws as aws

paris = aws.Provider("paris", region="eu-west-3")
opts = pulumi.ResourceOptions(provider=paris)
key = aws.kms.Key("data", deletion_window_in_days=7, enable_key_rotation=True, opts=opts)
aws.kms.Alias("data", target_key_id=key.key_id, opts=opts)
aws.sqs.Queue("events", kms_master_key_id=key.arn, opts=opts)
