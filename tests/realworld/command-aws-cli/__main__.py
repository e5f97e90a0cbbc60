import pulumi
import pulumi_aws as aws
import pulumi_command as command

bucket = aws.s3.Bucket("exports", tags={"data-class": "customer-content"})
command.local.Command("mirror",
                      create=bucket.bucket.apply(lambda b: f"aws s3 sync s3://{b} s3://acme-mirror --region us-east-1"))
