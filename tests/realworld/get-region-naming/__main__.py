import pulumi
import pulumi_aws as aws

region = aws.get_region()
me = aws.get_caller_identity()
table = aws.dynamodb.Table("orders", name=f"orders-{region.region}", hash_key="id", billing_mode="PAY_PER_REQUEST",
                           attributes=[aws.dynamodb.TableAttributeArgs(name="id", type="S")],
                           server_side_encryption=aws.dynamodb.TableServerSideEncryptionArgs(enabled=True))
pulumi.export("expectedArn", f"arn:aws:dynamodb:{region.region}:{me.account_id}:table/orders-{region.region}")
