"""ResidentRepository: an ECR private repository in the pinned region, KMS-encrypted, with immutable tags."""

from __future__ import annotations

from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ._common import TYPE_PREFIX, check_bool, check_data_class, check_known_arguments
from .key import ResidentKey, require_key
from .provider import PinnedProvider, require_pinned

_KIND = "ResidentRepository"

_NEVER_REPLICATED = "images are never replicated: the registry's replication would copy every layer to other regions."

#: Settings people reach for that a resident repository never offers, and why.
UNSAFE_ARGUMENTS = {
    "image_tag_mutability": "tags are always IMMUTABLE, so a tag names one image forever.",
    "scan_on_push": "every pushed image is always scanned.",
    "replication_regions": _NEVER_REPLICATED,
    "replica_regions": _NEVER_REPLICATED,
    "encryption_type": "images are always encrypted with the resident key (KMS).",
}


class ResidentRepositoryArgs(TypedDict):
    """Arguments of :class:`ResidentRepository`."""

    provider: PinnedProvider
    """The pinned provider: the repository, and so every image layer, is stored in its region."""

    key: ResidentKey
    """The customer-managed key that encrypts the images; it must be in the provider's region."""

    force_delete: NotRequired[bool]
    """Let ``pulumi destroy`` delete a repository that still holds images (development stacks only); defaults
    to ``False``."""

    data_class: NotRequired[str]
    """The data class tag value; defaults to the provider's (``customer-content``)."""


class ResidentRepository(pulumi.ComponentResource):
    """An Amazon ECR private repository for the images of resident services, pinned to the provider's region.

    Fixed: images encrypted with the in-region customer-managed key, immutable tags (a tag names one image
    forever), a vulnerability scan of every pushed image, no replication (the component never configures the
    registry's replication; the pack's ``side-door-destination`` checks any replication configuration a
    stack adds), and no repository policy, so only principals of the account can pull.
    """

    repository_url: pulumi.Output[str]
    """The repository's URL (``<account>.dkr.ecr.<region>.<suffix>/<name>``); append ``:<tag>`` to name an image."""

    repository_arn: pulumi.Output[str]
    """The repository's ARN (carries the region)."""

    repository_name: pulumi.Output[str]
    """The repository's name."""

    registry_id: pulumi.Output[str]
    """The account id of the registry."""

    region: str
    """The repository's region."""

    def __init__(self, name: str, args: ResidentRepositoryArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        pinned = require_pinned(_KIND, name, args["provider"])
        check_known_arguments(_KIND, name, args, ResidentRepositoryArgs.__annotations__, UNSAFE_ARGUMENTS)
        key = require_key(
            _KIND, name, args["key"], pinned, "repository", "ECR encrypts with a key of the repository's own region."
        )
        force_delete = check_bool(_KIND, name, "force_delete", args.get("force_delete", False))
        data_class = check_data_class(_KIND, name, args.get("data_class", pinned.data_class))
        super().__init__(f"{TYPE_PREFIX}:{_KIND}", name, None, opts)
        self.region = pinned.region

        repository = aws.ecr.Repository(
            f"{name}-repository",
            encryption_configurations=[
                aws.ecr.RepositoryEncryptionConfigurationArgs(encryption_type="KMS", kms_key=key.key_arn)
            ],
            image_tag_mutability="IMMUTABLE",
            image_scanning_configuration=aws.ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=True),
            force_delete=force_delete,
            tags=pinned.tags(data_class),
            opts=pinned.options(self),
        )
        self.repository_url = repository.repository_url
        self.repository_arn = repository.arn
        self.repository_name = repository.name
        self.registry_id = repository.registry_id
        self.register_outputs(
            {
                "repository_url": self.repository_url,
                "repository_arn": self.repository_arn,
                "repository_name": self.repository_name,
                "registry_id": self.registry_id,
                "region": self.region,
            }
        )
