import pulumi
import pulumi_aws as aws

dr_region = aws.ssm.get_parameter(name="/platform/dr-region").value
aws.dynamodb.Table("ledger", hash_key="id", billing_mode="PAY_PER_REQUEST", stream_enabled=True,
                   stream_view_type="NEW_AND_OLD_IMAGES",
                   attributes=[aws.dynamodb.TableAttributeArgs(name="id", type="S")],
                   replicas=[aws.dynamodb.TableReplicaArgs(region_name=dr_region)])
