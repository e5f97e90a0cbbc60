"""Evasion: Redshift's user activity log (every query, literals included) is delivered to a bucket in us-east-1."""

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

warehouse = aws.redshift.Cluster(
    "warehouse",
    cluster_identifier="warehouse",
    node_type="ra3.xlplus",
    number_of_nodes=2,
    database_name="analytics",
    master_username="admin",
    manage_master_password=True,
    encrypted=True,
    skip_final_snapshot=True,
)

aws.redshift.Logging(
    "leak-warehouse-audit",
    cluster_identifier=warehouse.cluster_identifier,
    log_destination_type="s3",
    bucket_name=finance.bucket,
    s3_key_prefix="redshift/",
    log_exports=["connectionlog", "userlog", "useractivitylog"],
)
