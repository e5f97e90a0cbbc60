"""Evasion: data trace writes full requests and responses to CloudWatch Logs."""

import pulumi
import pulumi_aws as aws

aws.apigateway.MethodSettings(
    "leak-all-methods",
    rest_api="a1b2c3d4e5",
    stage_name="prod",
    method_path="*/*",
    settings={"metrics_enabled": True, "logging_level": "INFO", "data_trace_enabled": True},
)
