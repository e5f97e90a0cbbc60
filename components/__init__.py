"""Resident Pulumi components: the compliant path made the easy path.

Every component takes a :class:`PinnedProvider` (an explicit ``aws.Provider`` pinned to one region of the
residency zone), refuses unsafe arguments with a :class:`ComponentArgumentError` before registering anything,
and tags what it creates with its data class.
"""

from ._common import ComponentArgumentError
from .account_logging import ApiGatewayAccountLogging, ApiGatewayAccountLoggingArgs
from .bucket import ObjectLock, ResidentBucket, ResidentBucketArgs
from .database import ResidentDatabase, ResidentDatabaseArgs
from .endpoint import ResidentEndpoint, ResidentEndpointArgs
from .function import ResidentFunction, ResidentFunctionArgs
from .key import ResidentKey, ResidentKeyArgs
from .network import ResidentNetwork, ResidentNetworkArgs
from .provider import ZONE_TAG, PinnedProvider, PinnedProviderArgs, pinned_provider_args, read_stack_settings
from .queue import ResidentQueue, ResidentQueueArgs
from .repository import ResidentRepository, ResidentRepositoryArgs
from .service import (
    Authentication,
    CognitoAuthentication,
    DatabaseAccess,
    OidcAuthentication,
    ResidentService,
    ResidentServiceArgs,
)
from .table import ResidentTable, ResidentTableArgs

__all__ = [
    "ZONE_TAG",
    "ApiGatewayAccountLogging",
    "ApiGatewayAccountLoggingArgs",
    "Authentication",
    "CognitoAuthentication",
    "ComponentArgumentError",
    "DatabaseAccess",
    "ObjectLock",
    "OidcAuthentication",
    "PinnedProvider",
    "PinnedProviderArgs",
    "ResidentBucket",
    "ResidentBucketArgs",
    "ResidentDatabase",
    "ResidentDatabaseArgs",
    "ResidentEndpoint",
    "ResidentEndpointArgs",
    "ResidentFunction",
    "ResidentFunctionArgs",
    "ResidentKey",
    "ResidentKeyArgs",
    "ResidentNetwork",
    "ResidentNetworkArgs",
    "ResidentQueue",
    "ResidentQueueArgs",
    "ResidentRepository",
    "ResidentRepositoryArgs",
    "ResidentService",
    "ResidentServiceArgs",
    "ResidentTable",
    "ResidentTableArgs",
    "pinned_provider_args",
    "read_stack_settings",
]
