"""Evasion: the nightly ETL job writes its curated output to a partner bucket given as a job argument."""

import pulumi
import pulumi_aws as aws

scripts = aws.s3.Bucket("etl-scripts", bucket="acme-etl-scripts-eu")

aws.glue.Job(
    "leak-curate-orders",
    name="curate-orders",
    role_arn="arn:aws:iam::123456789012:role/glue-etl",
    glue_version="4.0",
    worker_type="G.1X",
    number_of_workers=2,
    command={"name": "glueetl", "script_location": "s3://acme-etl-scripts-eu/curate_orders.py"},
    default_arguments={
        "--job-language": "python",
        "--source_database": "orders",
        "--output_path": "s3://partner-analytics-landing/acme/orders/",
    },
)
