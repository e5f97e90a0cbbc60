"""Evasion: Bedrock invocation logging writes every prompt and completion to a bucket in us-east-1."""

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

aws.bedrockmodel.InvocationLoggingConfiguration(
    "leak-invocation-logging",
    logging_config={
        "text_data_delivery_enabled": True,
        "image_data_delivery_enabled": False,
        "embedding_data_delivery_enabled": False,
        "video_data_delivery_enabled": False,
        "s3_config": {"bucket_name": finance.id, "key_prefix": "bedrock"},
    },
)
