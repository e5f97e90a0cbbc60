import pulumi
import pulumi_aws as aws

dr = aws.Provider("dr", region=pulumi.Config("dr").get("region") or "eu-central-1")
destination = aws.s3.get_bucket(bucket="acme-dr-archive", opts=pulumi.InvokeOptions(provider=dr))
source = aws.s3.Bucket("records", bucket_prefix="records-")
aws.s3.BucketVersioning("records", bucket=source.id,
                        versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"))
role = aws.iam.Role("replication", assume_role_policy=aws.iam.get_policy_document(statements=[{
    "actions": ["sts:AssumeRole"], "principals": [{"type": "Service", "identifiers": ["s3.amazonaws.com"]}]}]).json)
aws.s3.BucketReplicationConfig("records", bucket=source.id, role=role.arn, rules=[
    aws.s3.BucketReplicationConfigRuleArgs(id="all", status="Enabled",
        destination=aws.s3.BucketReplicationConfigRuleDestinationArgs(bucket=destination.arn))])
