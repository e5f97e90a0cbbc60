"""The container stack's wiring: a resident shop service and its database, from validated stack configuration.

Only wiring: read the ``residency:`` configuration (and ``aws:region``) and this project's settings, build the
pinned provider, then the key, network, image repository, database and service; export what callers need. Bad
configuration or arguments stop the program with one paragraph naming what to change, never a traceback.
``__main__.py`` calls :func:`main` (the wiring lives in a module of its own so that mypy can check it next to
the reference stack's ``__main__.py``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from residency.components import (
    CognitoAuthentication,
    PinnedProvider,
    ResidentDatabase,
    ResidentKey,
    ResidentNetwork,
    ResidentRepository,
    ResidentService,
    pinned_provider_args,
    read_stack_settings,
)
from residency.config import ConfigError
from residency.model import ResidencyError


def certificate_for(region: str, source: str) -> str:
    """The shop's certificate in ``region``, from ``certificateArns`` (one ACM certificate per region)."""
    certificates = pulumi.Config().require_object("certificateArns")
    if not isinstance(certificates, Mapping) or not isinstance(certificates.get(region), str):
        raise ConfigError(
            f"Invalid configuration in {source}: certificateArns has no certificate for {region}; add "
            f"'{region}: <ACM certificate ARN in {region}>' (a load balancer presents a certificate of its own "
            "region)."
        )
    return str(certificates[region])


def main() -> None:
    """Build the container stack."""
    source = f"Pulumi.{pulumi.get_stack()}.yaml"
    config = pulumi.Config()
    try:
        settings = read_stack_settings(source)
        provider_args = pinned_provider_args(settings, pulumi.Config("aws").get("region"), source)
        certificate_arn = certificate_for(provider_args["region"], source)
        image_tag = config.require("imageTag")
        user_pool: CognitoAuthentication = {
            "user_pool_arn": config.require("userPoolArn"),
            "user_pool_client_id": config.require("userPoolClientId"),
            "user_pool_domain": config.require("userPoolDomain"),
        }
    except pulumi.ConfigMissingError as err:
        raise pulumi.RunError(
            f"Invalid configuration in {source}: {err.key} is not set; set it with `pulumi config set {err.key} "
            "<value>` (Pulumi.yaml says what it holds)."
        ) from None
    except (ConfigError, pulumi.ConfigTypeError) as err:
        raise pulumi.RunError(str(err)) from None

    try:
        pinned = PinnedProvider("residency", provider_args)
        key = ResidentKey(
            "shop",
            {"provider": pinned, "allow_cloudwatch_logs": True, "description": "Customer content of the shop"},
        )
        network = ResidentNetwork(
            "network",
            {
                "provider": pinned,
                "key": key,
                "public_subnets": True,  # for the internet-facing load balancer only
                "log_retention_days": settings.log_retention_days,
            },
        )
        repository = ResidentRepository("images", {"provider": pinned, "key": key})
        database = ResidentDatabase(
            "orders",
            {
                "provider": pinned,
                "key": key,
                "network": network,
                "database_name": "orders",
                "serverless_max_capacity": 8,
                "log_retention_days": settings.log_retention_days,
            },
        )
        service = ResidentService(
            "shop",
            {
                "provider": pinned,
                "key": key,
                "network": network,
                "image": repository,
                "image_tag": image_tag,
                "certificate_arn": certificate_arn,
                "authentication": {"cognito": user_pool},
                "supported_countries": list(settings.supported_countries),
                "databases": [{"database": database, "user": "shop_app"}],
                "environment": {
                    "PGHOST": database.endpoint,
                    "PGPORT": str(database.port),
                    "PGDATABASE": database.database_name,
                    "PGUSER": "shop_app",
                    "PGSSLMODE": "verify-full",
                    "RESIDENCY_ZONE": pinned.zone_label,
                },
                "http_redirect": True,
                "log_retention_days": settings.log_retention_days,
            },
        )
    except ResidencyError as err:
        raise pulumi.RunError(str(err)) from None

    pulumi.export("zone", pinned.zone_label)
    pulumi.export("region", pinned.region)
    pulumi.export("repository_url", repository.repository_url)
    pulumi.export("load_balancer_dns_name", service.load_balancer_dns_name)
    pulumi.export("web_acl_arn", service.web_acl_arn)
    pulumi.export("supported_countries", service.supported_countries)
    pulumi.export("database_endpoint", database.endpoint)
    pulumi.export("database_secret_arn", database.master_user_secret_arn)
    pulumi.export("vpc_id", network.vpc_id)

