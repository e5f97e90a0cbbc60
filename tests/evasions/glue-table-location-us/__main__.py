"""Evasion: an EU catalogue table stores its data under s3:// in us-east-1; every INSERT writes customer rows there."""

import pulumi
import pulumi_aws as aws

us_east_1 = aws.Provider("us-east-1", region="us-east-1")
# The finance team's bucket in us-east-1 holds billing exports only (an exempt class), so it may stand there.
finance = aws.s3.Bucket(
    "finance-exports",
    bucket="acme-finance-exports-us",
    tags={"data-class": "billing"},
    opts=pulumi.ResourceOptions(provider=us_east_1),
)

catalog = aws.glue.CatalogDatabase("orders", name="orders")

aws.glue.CatalogTable(
    "leak-orders-enriched",
    name="orders_enriched",
    database_name=catalog.name,
    table_type="EXTERNAL_TABLE",
    parameters={"classification": "parquet"},
    storage_descriptor={
        "location": "s3://acme-finance-exports-us/orders_enriched/",
        "input_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "output_format": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "ser_de_info": {"serialization_library": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
        "columns": [{"name": "order_id", "type": "string"}, {"name": "email", "type": "string"}],
    },
)
