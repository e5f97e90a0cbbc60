import pulumi
import pulumi_aws as aws
import pulumi_random as random

password = random.RandomPassword("db", length=32, special=False)
secret = aws.secretsmanager.Secret("db", description="Database password", tags={"data-class": "customer-content"})
aws.secretsmanager.SecretVersion("db", secret_id=secret.id, secret_string=password.result)
pulumi.export("secretArn", secret.arn)
