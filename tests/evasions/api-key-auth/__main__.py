"""Evasion: admit a partner with a static API key instead of an identity."""

import pulumi
import pulumi_aws as aws

aws.apigateway.ApiKey("leak-partner-key", name="partner", enabled=True)
