"""Evasion: model monitoring captures every inference request and response into a bucket in us-east-1."""

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

aws.sagemaker.EndpointConfiguration(
    "leak-churn-model",
    name="churn-model",
    production_variants=[{
        "variant_name": "primary",
        "model_name": "churn-model-v7",
        "initial_instance_count": 1,
        "instance_type": "ml.m5.large",
    }],
    data_capture_config={
        "enable_capture": True,
        "initial_sampling_percentage": 100,
        "destination_s3_uri": "s3://acme-finance-exports-us/model-monitor/churn",
        "capture_options": [{"capture_mode": "Input"}, {"capture_mode": "Output"}],
    },
)
