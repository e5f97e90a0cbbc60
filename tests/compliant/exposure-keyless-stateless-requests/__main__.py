"""AWS pattern: A role-assuming provider, and request data that is logged as metadata only and never cached at the edge.

Why compliant: Credentials come from an assumed role, and request data is not kept: AppSync logs errors only, Step
Functions and Bedrock log metadata only, CloudFront does not cache the API origin.
"""

import json

import pulumi
import pulumi_aws as aws

EEA = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI",
       "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"]
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"

eu = aws.Provider("eu", region="eu-west-3",
                  assume_roles=[{"role_arn": "arn:aws:iam::123456789012:role/deployer", "session_name": "ci"}])
opts = pulumi.ResourceOptions(provider=eu)

logs = aws.cloudwatch.LogGroup("requests", retention_in_days=7, opts=opts)
role = aws.iam.Role("service", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": ["appsync.amazonaws.com", "states.amazonaws.com"]},
                   "Action": "sts:AssumeRole"}],
}), opts=opts)

aws.appsync.GraphQLApi(
    "catalog",
    authentication_type="AWS_IAM",
    visibility="PRIVATE",
    log_config={"field_log_level": "ERROR", "exclude_verbose_content": True, "cloudwatch_logs_role_arn": role.arn},
    opts=opts,
)
aws.sfn.StateMachine(
    "fulfil",
    role_arn=role.arn,
    definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
    logging_configuration={"level": "ERROR", "include_execution_data": False,
                           "log_destination": pulumi.Output.concat(logs.arn, ":*")},
    opts=opts,
)
aws.bedrockmodel.InvocationLoggingConfiguration(
    "invocations",
    logging_config={"text_data_delivery_enabled": False, "image_data_delivery_enabled": False,
                    "embedding_data_delivery_enabled": False, "video_data_delivery_enabled": False,
                    "cloudwatch_config": {"log_group_name": logs.name, "role_arn": role.arn}},
    opts=opts,
)

assets = aws.s3.Bucket("assets", opts=opts)
aws.cloudfront.Distribution(
    "app",
    enabled=True,
    origins=[
        {"domain_name": assets.bucket_regional_domain_name, "origin_id": "assets"},
        {"domain_name": "abc123.execute-api.eu-west-3.amazonaws.com", "origin_id": "api",
         "custom_origin_config": {"http_port": 80, "https_port": 443, "origin_protocol_policy": "https-only",
                                  "origin_ssl_protocols": ["TLSv1.2"]}},
    ],
    default_cache_behavior={"target_origin_id": "assets", "viewer_protocol_policy": "redirect-to-https",
                            "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"],
                            "cache_policy_id": CACHING_OPTIMIZED},
    ordered_cache_behaviors=[{"path_pattern": "/api/*", "target_origin_id": "api",
                              "viewer_protocol_policy": "https-only",
                              "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
                              "cached_methods": ["GET", "HEAD"], "cache_policy_id": CACHING_DISABLED}],
    restrictions={"geo_restriction": {"restriction_type": "whitelist", "locations": EEA}},
    viewer_certificate={"cloudfront_default_certificate": True},
    opts=opts,
)
