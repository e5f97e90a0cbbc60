"""ApiGatewayAccountLogging: the region-wide role API Gateway needs before a REST API stage may log."""

from __future__ import annotations

import json
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_data_class
from .provider import PinnedProvider, require_pinned

_KIND = "ApiGatewayAccountLogging"


class ApiGatewayAccountLoggingArgs(TypedDict):
    """Arguments of :class:`ApiGatewayAccountLogging`."""

    provider: PinnedProvider
    """The pinned provider: the API Gateway account setting of its region is set."""

    data_class: NotRequired[str]
    """The data class tag value of the role; defaults to the provider's."""


class ApiGatewayAccountLogging(pulumi.ComponentResource):
    """Sets the CloudWatch Logs role of API Gateway for the provider's account and region.

    API Gateway refuses access logging on a REST API stage ("CloudWatch Logs role ARN must be set in account
    settings to enable logging") until this account-level, region-wide setting names a role. It is a
    singleton: create it in one stack per account and region only, and only when the account lacks it.
    """

    role_arn: pulumi.Output[str]
    """The role API Gateway assumes to write logs."""

    region: str
    """The region whose API Gateway setting is managed."""

    def __init__(
        self, name: str, args: ApiGatewayAccountLoggingArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        pinned = require_pinned(_KIND, name, args["provider"])
        data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region

        role = aws.iam.Role(
            f"{name}-role",
            description=f"API Gateway writes CloudWatch logs in {pinned.region}",
            assume_role_policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "apigateway.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
            tags=pinned.tags(data_class),
            opts=pinned.options(self),
        )
        attachment = aws.iam.RolePolicyAttachment(
            f"{name}-push-to-cloudwatch",
            role=role.name,
            policy_arn=f"arn:{pinned.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
            opts=pinned.options(self),
        )
        aws.apigateway.Account(
            f"{name}-account",
            cloudwatch_role_arn=role.arn,
            opts=pulumi.ResourceOptions(parent=self, provider=pinned.provider, depends_on=[attachment]),
        )
        self.role_arn = role.arn
        self.register_outputs({"role_arn": self.role_arn, "region": self.region})
