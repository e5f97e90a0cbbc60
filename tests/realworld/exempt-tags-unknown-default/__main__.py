import pulumi
import pulumi_aws as aws

owner = aws.sns.Topic("owner")
tagged = aws.Provider("tagged", region=aws.config.region,
                      default_tags=aws.ProviderDefaultTagsArgs(tags={"owner-topic": owner.arn, "team": "finance"}))
aws.s3.Bucket("invoices-index", tags={"data-class": "billing"}, opts=pulumi.ResourceOptions(provider=tagged))
