"""Reference stack: the resident components wired from validated stack configuration.

Only wiring: read the ``residency:`` configuration (and ``aws:region``), build the pinned provider, create the
resident key, bucket, table, queue, function and endpoint, export what callers need. Bad configuration stops
the program with one paragraph naming the key to change, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pulumi

from residency.components import (
    ApiGatewayAccountLogging,
    PinnedProvider,
    ResidentBucket,
    ResidentEndpoint,
    ResidentEndpointArgs,
    ResidentFunction,
    ResidentKey,
    ResidentQueue,
    ResidentTable,
    pinned_provider_args,
    read_stack_settings,
)
from residency.config import ConfigError
from residency.model import ResidencyError

HANDLER_DIR = Path(__file__).resolve().parent / "examples" / "handler"


def main() -> None:
    """Build the reference stack."""
    source = f"Pulumi.{pulumi.get_stack()}.yaml"
    try:
        settings = read_stack_settings(source)
        provider_args = pinned_provider_args(settings, pulumi.Config("aws").get("region"), source)
        manage_account_logging = bool(pulumi.Config().get_bool("manageApiGatewayAccount"))
    except (ConfigError, pulumi.ConfigTypeError) as err:
        raise pulumi.RunError(str(err)) from None

    try:
        pinned = PinnedProvider("residency", provider_args)
        key = ResidentKey(
            "content",
            {
                "provider": pinned,
                "allow_cloudwatch_logs": True,
                "description": "Customer content of the residency reference stack",
            },
        )
        bucket = ResidentBucket("content", {"provider": pinned, "key": key})
        table = ResidentTable(
            "sessions",
            {
                "provider": pinned,
                "key": key,
                "hash_key": "pk",
                "range_key": "sk",
                "ttl_attribute": "expiresAt",
            },
        )
        dead_letters = ResidentQueue("echo-dlq", {"provider": pinned, "key": key})
        function = ResidentFunction(
            "echo",
            {
                "provider": pinned,
                "key": key,
                "code": pulumi.FileArchive(str(HANDLER_DIR)),
                "handler": "index.handler",
                "dead_letter_queue": dead_letters,
                "environment": {"RESIDENCY_ZONE": pinned.zone_label},
                "log_retention_days": settings.log_retention_days,
            },
        )
        account_logging = (
            ApiGatewayAccountLogging("apigateway-logging", {"provider": pinned})
            if manage_account_logging
            else None
        )
        endpoint_args: ResidentEndpointArgs = {
            "provider": pinned,
            "key": key,
            "function": function,
            "supported_countries": list(settings.supported_countries),
            "log_retention_days": settings.log_retention_days,
        }
        if account_logging is not None:
            endpoint_args["account_logging"] = account_logging
        endpoint = ResidentEndpoint("api", endpoint_args)
    except ResidencyError as err:
        raise pulumi.RunError(str(err)) from None

    pulumi.export("zone", pinned.zone_label)
    pulumi.export("region", pinned.region)
    pulumi.export("bucket_name", bucket.bucket_name)
    pulumi.export("table_name", table.table_name)
    pulumi.export("dead_letter_queue_url", dead_letters.queue_url)
    pulumi.export("function_arn", function.function_arn)
    pulumi.export("invoke_url", endpoint.invoke_url)
    pulumi.export("stage_arn", endpoint.stage_arn)
    pulumi.export("web_acl_arn", endpoint.web_acl_arn)
    pulumi.export("supported_countries", endpoint.supported_countries)


main()
