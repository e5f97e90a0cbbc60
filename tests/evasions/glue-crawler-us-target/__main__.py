"""Evasion: the EU data catalogue crawls a landing bucket in us-east-1, so its tables read and write there."""

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

aws.glue.Crawler(
    "leak-orders-crawler",
    name="orders-crawler",
    database_name=catalog.name,
    role="arn:aws:iam::123456789012:role/glue-crawler",
    s3_targets=[{"path": "s3://acme-finance-exports-us/orders/"}],
)
