import pulumi
import pulumi_aws as aws

shared = pulumi.StackReference("acme/shared-infra/prod")
aws.dynamodb.Table("sessions", hash_key="id", billing_mode="PAY_PER_REQUEST", stream_enabled=True,
                   stream_view_type="NEW_AND_OLD_IMAGES",
                   attributes=[aws.dynamodb.TableAttributeArgs(name="id", type="S")],
                   replicas=[aws.dynamodb.TableReplicaArgs(region_name=shared.require_output("drRegion"))])
