"""What the component evasion cases share: one resident component each, built with a legacy transformation.

Every case in this folder is a Pulumi program that builds one resident component exactly as a user would and
passes it ``ResourceOptions(transformations=[...])``: the transformation rewrites one property of one child
after the component has checked its arguments, the way someone could by hand. The legacy ``transformations``
option is used because it runs inside the program; the newer ``transforms`` needs engine callbacks, which the
offline ``residency check`` runner does not provide (it runs the program without them, silently).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pulumi

from residency.components import (
    PinnedProvider,
    ResidentDatabase,
    ResidentKey,
    ResidentNetwork,
    ResidentRepository,
    ResidentService,
)

#: An account, region and ARNs the cases use; the program runs under mocks and creates nothing.
ACCOUNT = "123456789012"
CERTIFICATE = f"arn:aws:acm:eu-west-3:{ACCOUNT}:certificate/5f0c2a9e-3f4b-4d8e-9a51-0c6e7d8f9a10"
USER_POOL = f"arn:aws:cognito-idp:eu-west-3:{ACCOUNT}:userpool/eu-west-3_Sh0pUsers"
IMAGE = f"{ACCOUNT}.dkr.ecr.eu-west-3.amazonaws.com/shop:2026.12.1"
#: A KMS key outside the zone.
KEY_US = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809"

Change = Callable[[dict[str, Any]], dict[str, Any]]


def transformation(type_token: str, change: Change) -> pulumi.ResourceTransformation:
    """A transformation that applies ``change`` to the properties of every child of type ``type_token``."""

    def transform(args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult | None:
        if args.type_ != type_token:
            return None
        return pulumi.ResourceTransformationResult(change(dict(args.props)), args.opts)

    return transform


def setting(**values: Any) -> Change:
    """A change that sets top-level properties (snake_case, as the resource's constructor takes them)."""
    return lambda props: {**props, **values}


def _opts(transform: pulumi.ResourceTransformation | None) -> pulumi.ResourceOptions | None:
    return pulumi.ResourceOptions(transformations=[transform]) if transform else None


def foundation(
    network_transform: pulumi.ResourceTransformation | None = None,
) -> tuple[PinnedProvider, ResidentKey, ResidentNetwork]:
    """The pinned provider of eu-west-3, its key, and a network with public subnets."""
    pinned = PinnedProvider("residency", {"region": "eu-west-3"})
    key = ResidentKey("shop", {"provider": pinned, "allow_cloudwatch_logs": True})
    network = ResidentNetwork(
        "net", {"provider": pinned, "key": key, "public_subnets": True}, opts=_opts(network_transform)
    )
    return pinned, key, network


def network(transform: pulumi.ResourceTransformation) -> None:
    """A resident network whose children go through ``transform``."""
    foundation(transform)


def repository(transform: pulumi.ResourceTransformation) -> None:
    """A resident repository whose children go through ``transform``."""
    pinned = PinnedProvider("residency", {"region": "eu-west-3"})
    key = ResidentKey("shop", {"provider": pinned})
    ResidentRepository("images", {"provider": pinned, "key": key}, opts=_opts(transform))


def database(transform: pulumi.ResourceTransformation) -> None:
    """A resident database whose children go through ``transform``."""
    pinned, key, net = foundation()
    ResidentDatabase("orders", {"provider": pinned, "key": key, "network": net}, opts=_opts(transform))


def service(transform: pulumi.ResourceTransformation) -> None:
    """An internet-facing resident service (image by URI, Cognito sign-in) whose children go through
    ``transform``."""
    pinned, key, net = foundation()
    ResidentService(
        "shop",
        {
            "provider": pinned,
            "key": key,
            "network": net,
            "image": IMAGE,
            "certificate_arn": CERTIFICATE,
            "authentication": {
                "cognito": {"user_pool_arn": USER_POOL, "user_pool_client_id": "shop", "user_pool_domain": "shop"}
            },
        },
        opts=_opts(transform),
    )


def literal_containers(image: str = IMAGE, logs_region: str = "eu-west-3") -> str:
    """Container definitions written out by hand (a literal, so known at preview) in place of the component's."""
    return json.dumps(
        [
            {
                "name": "app",
                "image": image,
                "essential": True,
                "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": "shop-logs",
                        "awslogs-region": logs_region,
                        "awslogs-stream-prefix": "shop",
                    },
                },
            }
        ]
    )
