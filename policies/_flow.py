"""The data-flow model: every place a resource's inputs point at, and whether data may go there.

Every string leaf of a resource's inputs is scanned (JSON documents inside strings too, recursively) for
references to a place:

* ARNs, nested ones included, each with its own region and partition;
* AWS service hostnames and URLs (``sqs.us-east-1.amazonaws.com``, ``*.execute-api.<region>.amazonaws.com``,
  ``*.lambda-url.<region>.on.aws``), PrivateLink service names (``com.amazonaws.<region>.s3``);
* S3 buckets: ``s3://`` URIs, virtual-hosted and path-style S3 hosts, region-less S3 ARNs, bucket-valued
  properties;
* region names standing alone in text (``--region us-east-1``, ``"awslogs-region": "us-east-1"``) and the
  values of region-valued properties;
* URLs of hosts outside AWS, and host-valued destination properties (CloudFront origins, DNS records, e-mail
  subscriptions);
* Bedrock cross-Region inference profile ids (``us.anthropic...``, ``global....``), which route requests across
  regions.

Each reference resolves to a place: a region (in or out of the zone), a bucket of this deployment (which takes
that bucket's region), an external destination (passes only when the pack configuration lists it with its
country), or unknown (undetermined: never a pass).

What is *not* a data flow is the short, explicit table :data:`NON_FLOWS`, each entry with its reason and the
AWS documentation page; IAM permission documents (``Statement`` grammar) grant and move nothing, wherever they
appear. Everything else is scanned.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from residency import aws, model, schema
from residency.catalog import module_of

from ._places import Ctx, public_suffix_known, registrable_domain, unmapped, unmapped_message, where
from ._values import UNKNOWN, Subject, as_mapping, collect_leaves, leaves, pattern_of, top_key

# ------------------------------------------------------------------------------------------------------------
# What is not a data flow
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NonFlow:
    """A property that is not a data flow: ``types`` and ``path`` are glob patterns (paths without indexes)."""

    types: str
    path: str
    reason: str
    doc: str


_IAM_DOC: Final = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html"
_TAG_DOC: Final = "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html"

#: Every (type, property) the data-flow rules do not judge, with why. Paths are glob patterns over property
#: paths without list indexes (``origins[].domainName``); ``*`` in ``types`` matches any type.
NON_FLOWS: Final[tuple[NonFlow, ...]] = (
    NonFlow("*", "tags", "Tags label a resource; a tag value that looks like an ARN (provenance) sends nothing.",
            _TAG_DOC),
    NonFlow("*", "tagsAll", "The provider's merge of default tags and tags: labels, as above.", _TAG_DOC),
    NonFlow("*", "*escription", "Descriptions are text for people.", _TAG_DOC),
    NonFlow("*", "name", "A resource's own name is where it is, not where it sends data.", _TAG_DOC),
    NonFlow("*", "namePrefix", "The prefix of a resource's own generated name.", _TAG_DOC),
    NonFlow("*", "region", "The resource's own region, judged by the residency rules, not a destination.",
            "https://www.pulumi.com/registry/packages/aws/how-to-guides/region/"),
    NonFlow("aws:iam/*", "*", "IAM users, roles, policies and identity providers decide who may act; they move "
            "no data.", _IAM_DOC),
    NonFlow("pulumi:providers:aws", "defaultTags", "Default tags label resources (see tags).", _TAG_DOC),
    NonFlow("pulumi:providers:aws", "stsRegion", "Where the provider exchanges credentials; no data goes there.",
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html"),
    NonFlow("pulumi:providers:aws", "version", "The provider plugin's version.", _TAG_DOC),
    NonFlow("aws:s3/bucket:Bucket", "bucket", "The bucket's own name.",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"),
    NonFlow("aws:s3/bucket:Bucket", "bucketPrefix", "The prefix of the bucket's own name.",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"),
    NonFlow("aws:s3/*", "bucket", "The bucket a configuration resource belongs to (its lineage, not a flow).",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/creating-buckets-s3.html"),
    NonFlow("aws:lambda/permission:Permission", "source*", "Who may invoke the function: a grant.",
            "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"),
    NonFlow("aws:lambda/permission:Permission", "principal*", "Who may invoke the function: a grant.",
            "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"),
    NonFlow("aws:lambda/permission:Permission", "eventSourceToken", "A token checked on invocation: a grant.",
            "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html"),
    NonFlow("aws:cloudfront/distribution:Distribution", "viewerCertificate.acmCertificateArn",
            "CloudFront accepts only ACM certificates from us-east-1; the certificate holds no content.",
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html"),
    NonFlow("aws:cloudfront/multitenantDistribution:MultitenantDistribution", "viewerCertificate.acmCertificateArn",
            "CloudFront accepts only ACM certificates from us-east-1; the certificate holds no content.",
            "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html"),
    NonFlow("aws:cloudfront/distribution:Distribution", "webAclId",
            "Web ACLs of CloudFront live in us-east-1; the association is judged by the exposure rules.",
            "https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html"),
    NonFlow("aws:cognito/userPoolDomain:UserPoolDomain", "certificateArn",
            "A Cognito custom domain is served by CloudFront and needs a us-east-1 ACM certificate.",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html"),
    NonFlow("aws:route53/keySigningKey:KeySigningKey", "keyManagementServiceArn",
            "DNSSEC signing keys must be KMS keys in us-east-1; they sign DNS records, not content.",
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-cmk-requirements.html"),
    NonFlow("aws:route53/queryLog:QueryLog", "cloudwatchLogGroupArn",
            "Route 53 public DNS query logs can only go to a log group in us-east-1.",
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html"),
    NonFlow("aws:route53/healthCheck:HealthCheck", "regions",
            "The regions Route 53 health checkers probe from; they send requests, they receive no data.",
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html"),
    NonFlow("aws:route53/zone:Zone", "*", "A hosted zone's own domain and its VPC associations.",
            "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zones-working-with.html"),
    NonFlow("aws:acm/certificate:Certificate", "*", "A certificate's own domain names.",
            "https://docs.aws.amazon.com/acm/latest/userguide/acm-concepts.html"),
    NonFlow("aws:wafv2/webAclAssociation:WebAclAssociation", "*",
            "The association of a web ACL with an endpoint is judged by the exposure rules.",
            "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html"),
    NonFlow("aws:wafv2/webAclRule*", "webAclArn",
            "A rule or rule group added to a web ACL from outside it; the exposure rules judge what it allows.",
            "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-groups.html"),
    NonFlow("aws:s3/*", "*orsRule*.allowedOrigins",
            "CORS allowed origins tell browsers which pages may read a response; S3 sends nothing to them.",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html"),
    NonFlow("aws:apigatewayv2/api:Api", "corsConfiguration.*",
            "CORS settings tell browsers which pages may call the API; API Gateway sends nothing to them.",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html"),
    NonFlow("aws:lambda/functionUrl:FunctionUrl", "cors.*",
            "CORS settings tell browsers which pages may call the URL; Lambda sends nothing to them.",
            "https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html"),
    NonFlow("aws:cognito/userPoolClient:UserPoolClient", "*Urls",
            "Callback and sign-out URLs are where Cognito redirects the user's browser after sign-in, to the "
            "application the user is already using; Cognito itself calls nothing there.",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html"),
    NonFlow("aws:cognito/userPoolClient:UserPoolClient", "defaultRedirectUri",
            "The default redirect of the user's browser after sign-in (see callback URLs).",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-client-apps.html"),
    NonFlow("aws:cognito/resourceServer:ResourceServer", "identifier",
            "A resource server's identifier names the scopes' audience; it is often written as a URL but nothing "
            "is sent there.",
            "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html"),
    NonFlow("aws:cloudwatch/eventRule:EventRule", "eventPattern",
            "An event pattern matches events; it sends nothing anywhere.",
            "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html"),
    NonFlow("aws:cloudwatch/dashboard:Dashboard", "dashboardBody",
            "A dashboard displays metrics of any region; it stores no copy of them.",
            "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cross_region_dashboard.html"),
    NonFlow("aws:ebs/snapshotCopy:SnapshotCopy", "source*",
            "The source of a copy: data moves into this resource's region.",
            "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-copy-snapshot.html"),
    NonFlow("aws:ec2/amiCopy:AmiCopy", "source*", "The source of a copy: data moves into this resource's region.",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/CopyingAMIs.html"),
    NonFlow("aws:rds/instance:Instance", "replicateSourceDb",
            "The primary of a read replica: data moves into the replica's region (the replica is judged).",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReadRepl.XRgn.html"),
    NonFlow("aws:rds/cluster:Cluster", "replicationSourceIdentifier",
            "The source of a cross-Region replica cluster: data moves into this cluster's region.",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Replication.CrossRegion.html"),
    NonFlow("aws:rds/cluster:Cluster", "sourceRegion",
            "The region of a replica cluster's source: data moves into this cluster's region.",
            "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Replication.CrossRegion.html"),
    NonFlow("aws:rds/*", "*napshotIdentifier", "The snapshot a database is restored from: data moves in.",
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_RestoreFromSnapshot.html"),
    NonFlow("aws:kms/replicaKey:ReplicaKey", "primaryKeyArn",
            "The primary of a replica key: key material moves into this key's region (the primary is judged).",
            "https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-replicate.html"),
    NonFlow("aws:kms/replicaExternalKey:ReplicaExternalKey", "primaryKeyArn",
            "The primary of a replica key: key material moves into this key's region (the primary is judged).",
            "https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-replicate.html"),
    # Code and container images are pulled into the zone; nothing flows out to where they come from.
    NonFlow("aws:lambda/function:Function", "imageUri", "The container image a function runs: pulled in.",
            "https://docs.aws.amazon.com/lambda/latest/dg/images-create.html"),
    NonFlow("aws:lambda/function:Function", "s3*", "The deployment package a function runs: pulled in.",
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-zip.html"),
    NonFlow("aws:lambda/function:Function", "layers", "Layers are code the function runs: pulled in.",
            "https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html"),
    NonFlow("aws:lambda/layerVersion:LayerVersion", "s3*", "The layer's code archive: pulled in.",
            "https://docs.aws.amazon.com/lambda/latest/dg/chapter-layers.html"),
    NonFlow("aws:ecs/taskDefinition:TaskDefinition", "containerDefinitions[].image",
            "The image a container runs: pulled in.",
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html"),
    NonFlow("aws:ecs/taskDefinition:TaskDefinition", "containerDefinitions[].repositoryCredentials*",
            "Credentials to pull the image: pulled in.",
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html"),
    NonFlow("aws:batch/jobDefinition:JobDefinition", "*.image", "The image a job runs: pulled in.",
            "https://docs.aws.amazon.com/batch/latest/userguide/job_definition_parameters.html"),
    NonFlow("aws:sagemaker/model:Model", "*image*", "The inference image a model runs: pulled in.",
            "https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-inference-main.html"),
    NonFlow("aws:apprunner/service:Service", "sourceConfiguration.*Repository.*Identifier",
            "The image or code repository a service runs: pulled in.",
            "https://docs.aws.amazon.com/apprunner/latest/dg/service-source-image.html"),
    NonFlow("aws:apprunner/service:Service", "sourceConfiguration.codeRepository.repositoryUrl",
            "The code repository a service builds: pulled in.",
            "https://docs.aws.amazon.com/apprunner/latest/dg/service-source-code.html"),
    NonFlow("aws:codebuild/project:Project", "environment.image", "The build image: pulled in.",
            "https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-available.html"),
    NonFlow("aws:codebuild/project:Project", "source*.location", "The source code a project builds: pulled in.",
            "https://docs.aws.amazon.com/codebuild/latest/userguide/create-project.html"),
    NonFlow("aws:amplify/app:App", "repository", "The code repository the app builds: pulled in.",
            "https://docs.aws.amazon.com/amplify/latest/userguide/getting-started.html"),
    NonFlow("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "upstreamRegistryUrl",
            "The upstream registry images are pulled from.",
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html"),
    NonFlow("aws:glue/job:Job", "command.scriptLocation", "The job's script: pulled in.",
            "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html"),
    NonFlow("aws:ec2/launchTemplate:LaunchTemplate", "imageId", "The machine image: pulled in.",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIs.html"),
    NonFlow("aws:ec2/instance:Instance", "ami", "The machine image: pulled in.",
            "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AMIs.html"),
)


#: Services whose resources hold no data and receive none: an ARN of theirs names a certificate, an identity, a
#: firewall or a DNS zone, never a destination (``acm`` certificates for CloudFront must even be in us-east-1).
NO_DATA_SERVICES: Final = frozenset(
    {"acm", "acm-pca", "iam", "sts", "organizations", "route53", "route53domains", "wafv2", "waf", "waf-regional",
     "shield", "access-analyzer", "sso", "identitystore"}
)


@functools.lru_cache(maxsize=1 << 16)
def non_flow(type_token: str, path: str) -> NonFlow | None:
    """The entry of :data:`NON_FLOWS` that covers ``path`` of ``type_token``, if any."""
    # A pure function of two strings over a constant table: the memo holds no state of a run. A stack repeats
    # the same few hundred (type, path) pairs, so nearly every call is a hit.
    pattern = pattern_of(path)
    for matcher, entry in _non_flows_of(type_token):
        if matcher.fullmatch(pattern):
            return entry
    return None


@functools.lru_cache(maxsize=4096)
def _non_flows_of(type_token: str) -> tuple[tuple[re.Pattern[str], NonFlow], ...]:
    """The entries whose ``types`` glob matches ``type_token``, in table order, each with its path matcher.

    An entry covers its path and everything under it (``path.*``, ``path[]...``). ``[]`` is literal in the
    table's paths, never an fnmatch character class.
    """
    out = []
    for entry in NON_FLOWS:
        if not fnmatch.fnmatchcase(type_token, entry.types):
            continue
        glob = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", entry.path))
        out.append((re.compile(rf"(?s:{glob}(?:\..*|\[\].*)?)"), entry))
    return tuple(out)


# ------------------------------------------------------------------------------------------------------------
# Region-valued properties, classified by name (see data/pulumi_aws_schema.json for where each occurs)
# ------------------------------------------------------------------------------------------------------------

#: Property names that mention a region, and what their value is. ``destination``: a region (or list of
#: regions) data is copied, replicated, routed or delivered to: it must be exactly a region of the zone.
#: ``source``: where data comes from (it moves into the zone). ``other``: the name mentions a region but the
#: value is not one (a postal address, an enum, a flag judged by another rule, a nested object or an ARN
#: judged as such). A test checks that every such name in the pulumi-aws schema is classified here.
REGION_PROPERTIES: Final[Mapping[str, str]] = {
    "region": "destination",
    "regions": "destination",
    "regionName": "destination",
    "awsRegion": "destination",
    "destinationRegion": "destination",
    "targetRegion": "destination",
    "peerRegion": "destination",
    "s3Region": "destination",
    "snsRegion": "destination",
    "lexRegion": "destination",
    "vpcRegion": "destination",
    "witnessRegion": "destination",
    "primaryRegion": "destination",
    "workflowTargetRegion": "destination",
    "regionToRun": "destination",
    "originShieldRegion": "destination",
    "endpointGroupRegion": "destination",
    "serviceRegion": "destination",
    "supportedRegions": "destination",
    "authorizedAwsRegion": "destination",
    "stackSetInstanceRegion": "destination",
    "consumerRegion": "destination",
    "linkedRegions": "destination",
    "specifiedRegions": "destination",
    "operatingRegions": "destination",
    "enabledRegions": "destination",
    "accountRegion": "destination",
    "awsAccountRegion": "destination",
    "signingRegion": "destination",
    "idcRegion": "destination",
    "notificationHubRegion": "destination",
    "bucketRegion": "destination",
    "regionLists": "destination",
    "basePolicyRegions": "destination",
    "cloudwatchAlarmRegion": "destination",
    "resourceRegion": "destination",
    "regionOrders": "destination",
    "callingRegions": "other",  # ISO country codes a voice connector may call
    "sourceRegion": "source",
    "sourceAmiRegion": "source",
    "stateOrRegion": "other",  # a postal address
    "regionsOfInterests": "other",  # areas of a video frame
    "regionConcurrencyType": "other",
    "regionLinkingMode": "other",
    "regionalCertificateArn": "other",  # an ARN, judged as such
    "regionalCertificateName": "other",
    "regionalNatGatewayId": "other",
    "regionalParameters": "other",  # a map keyed by region, scanned as text
    "regionAndRoutingControls": "other",
    "regionDatabaseClusterArns": "other",
    "regionEventSourceMappings": "other",
    "regionSwitchPlanConfigs": "other",
    "rdsCreateCrossRegionReadReplicaConfigs": "other",
    "resourceRegions": "other",  # a filter over findings
    "visibleRegions": "other",  # what the console shows
    "multiRegion": "other",  # judged by side-door-multi-region
    "multiRegionEnabled": "other",
    "isMultiRegionTrail": "other",
    "multiRegionProperties": "other",
    "multiRegionClusterName": "other",
    "multiRegionClusterNameSuffix": "other",
    "multiRegionParameterGroupName": "other",
    "allRegions": "other",
    "crossRegionConfig": "other",
    "crossRegionCopies": "other",
    "crossRegionCopyRules": "other",
    "crossRegionDataGuard": "other",
    "crossRegionDisasterRecovery": "other",
    "crossRegionS3RestoreSourcesAccesses": "other",
}


#: A property name that names a region: camelCase or kebab/dotted words ending in region(s) or regionName
#: (``peerRegion``, ``awslogs-region``, ``s3.region``). ``AWS_STS_REGIONAL_ENDPOINTS`` names a setting, not a region.
_REGION_NAME: Final = re.compile(r"(?:^|[a-z0-9._-])[Rr]egion(?:s|Name|Names|List|Lists)?$")


def region_property_kind(key: str) -> str | None:
    """What a property named ``key`` holds when its name says it is a region (``None``: it does not)."""
    if key in REGION_PROPERTIES:
        return REGION_PROPERTIES[key]
    if "egion" not in key or not _REGION_NAME.search(key):
        return None
    return "destination"


# ------------------------------------------------------------------------------------------------------------
# References
# ------------------------------------------------------------------------------------------------------------

#: Keys whose string value is an S3 bucket name (when shaped like one).
_BUCKET_KEYS: Final = frozenset(
    {"bucket", "bucketname", "s3bucket", "s3bucketname", "targetbucket", "destinationbucket", "bucketid"}
)
#: Properties whose value is ``bucket[/prefix]`` without ``s3://``, per type.
_BUCKET_PATHS: Final[Mapping[str, tuple[str, ...]]] = {
    "aws:codebuild/project:Project": ("artifacts.location", "secondaryArtifacts[].location",
                                      "logsConfig.s3Logs.location", "cache.location"),
}
#: Words that, ending a property or variable name, say its value is somewhere data goes when the value is
#: exactly a host name (``DD_SITE``, ``KAFKA_BOOTSTRAP_SERVERS``, ``dbHost``; not ``hostedZoneId``).
_HOST_WORDS: Final = frozenset({"host", "hostname", "endpoint", "url", "uri", "site", "server", "servers",
                                "broker", "brokers", "bootstrap", "address", "dsn", "origin"})
_WORDS: Final = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
#: Properties holding base64 text (EC2 user data), decoded before they are scanned.
_BASE64_KEYS: Final = frozenset({"userDataBase64"})
_BASE64_TYPES: Final = frozenset({"aws:ec2/launchTemplate:LaunchTemplate"})

#: Destination properties whose value is a host (not a URL) outside or inside AWS.
_HOST_PATHS: Final[Mapping[str, tuple[str, ...]]] = {
    "aws:cloudfront/distribution:Distribution": ("origins[].domainName",),
    "aws:cloudfront/multitenantDistribution:MultitenantDistribution": ("origins[].domainName",),
    "aws:route53/record:Record": ("records[]", "aliases[].name", "alias.name"),
    "aws:sns/topicSubscription:TopicSubscription": ("endpoint",),
}
#: Hosts that never leave the network the resource runs in.
_LOCAL_SUFFIXES: Final = (".local", ".internal", ".localhost", ".localdomain", ".svc", ".cluster.local")
#: AWS-owned names a DNS record or setting may point at without sending data anywhere: SES DKIM keys, ACM DNS
#: validation targets, Route 53 name servers and CloudFront distributions (judged by the exposure rules).
_AWS_GLOBAL_HOSTS: Final = re.compile(
    r"(?:^|\.)(?:dkim\.amazonses\.com|amazonses\.com|acm-validations\.aws|cloudfront\.net"
    r"|awsdns-\d+\.(?:com|net|org|co\.uk))$"
)
_MAX_JSON_DEPTH: Final = 4


@dataclass(frozen=True, slots=True)
class Reference:
    """One place a property points at.

    ``kind`` is ``arn``, ``host``, ``privatelink``, ``bucket``, ``region``, ``external``, ``model`` or ``offline``.
    ``text`` is safe to show: a service, a registrable domain or a geography; never a full URL. ``bucket`` and
    ``host`` are kept for resolution only and never shown.
    """

    path: str
    kind: str
    region: str | None = None
    region_known: bool = True
    partition: str | None = None
    bucket: str | None = None
    text: str = ""
    host: str = ""


def _parse_json(value: str) -> Any:
    stripped = value.lstrip()
    if not stripped or stripped[0] not in "{[":
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _is_iam_document(document: Any) -> bool:
    mapping = as_mapping(document)
    if "Statement" not in mapping:
        return False
    statements = mapping["Statement"]
    items = statements if isinstance(statements, list) else [statements]
    return any(isinstance(s, Mapping) and ("Effect" in s or "Action" in s or "Principal" in s) for s in items)


_PLAIN_KEY: Final = re.compile(r"[A-Za-z0-9_.$-]{1,64}")


def _safe_keys(document: Any) -> Any:
    """A JSON document whose keys can be shown in a property path: a key that is itself a value (an ARN, a URL,
    an address used as a map key) is shown as ``<key>``, so messages never carry it.
    """
    if isinstance(document, Mapping):
        return {(k if _PLAIN_KEY.fullmatch(str(k)) else "<key>"): _safe_keys(v) for k, v in document.items()}
    if isinstance(document, list):
        return [_safe_keys(v) for v in document]
    return document


def _text_leaves(value: Any, path: str, key: str, depth: int) -> Iterator[tuple[str, str, Any]]:
    """String leaves of ``value``, descending into JSON documents held in strings (IAM documents skipped)."""
    if isinstance(value, str) and depth < _MAX_JSON_DEPTH:
        document = _parse_json(value)
        if document is not None:
            if _is_iam_document(document):
                # Statements grant (Resource, Principal, Condition); the rest of the document is metadata.
                return
            for inner_path, inner_key, inner in leaves(_safe_keys(document), path, key):
                yield from _text_leaves(inner, inner_path, inner_key, depth + 1)
            return
    yield path, key, value


def _url_refs(path: str, text: str) -> Iterator[Reference]:
    for url in aws.find_urls(text):
        host = url.host
        if not host:
            continue
        parsed = aws.aws_host(host)
        if url.bucket is not None:
            yield Reference(path, "bucket", bucket=url.bucket, text=url.bucket)
        if parsed is not None:
            yield from _host_ref(path, parsed)
        elif not _is_local(host) and not _AWS_GLOBAL_HOSTS.search(host):
            yield Reference(path, "external", text=_domain_text(host), host=host)


def _domain_text(host: str) -> str:
    """What a message may say about an external host: its registrable domain, or that it is an IP address."""
    return "an IP address" if aws.is_ip_address(host) else registrable_domain(host)


def _is_local(host: str) -> bool:
    if "." not in host or host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return True
    if aws.is_ip_address(host):
        import ipaddress

        address = ipaddress.ip_address(host.strip("[]"))
        return address.is_private or address.is_loopback or address.is_link_local
    return False


def _host_ref(path: str, host: aws.AwsHost) -> Iterator[Reference]:
    if host.bucket is not None:
        yield Reference(path, "bucket", bucket=host.bucket, text=host.bucket)
        if host.region is None:
            return
    if host.region is not None:
        yield Reference(path, "host", region=host.region, region_known=host.region_known,
                        partition=host.partition, text="an AWS endpoint")


#: Field names whose offline placeholder stands for a place (an ARN, a region, a bucket, an endpoint), as
#: opposed to an identifier that only means something in the region it was looked up in (a VPC or zone id).
_PLACE_WORDS: Final = re.compile(r"arn|region|bucket|url|uri|endpoint|domain|host|dns|address|location", re.I)


def _placeholder_matters(key: str, text: str) -> bool:
    label = text.split(aws.OFFLINE_LOOKUP_TOKEN, 1)[1]
    templated = text.replace(aws.OFFLINE_LOOKUP_TOKEN + label, "")
    return bool(_PLACE_WORDS.search(label) or _PLACE_WORDS.search(key) or "arn:" in templated
                or "://" in templated or region_property_kind(key) == "destination")


def _may_refer(text: str, key: str) -> bool:
    """Whether :func:`_string_refs` or :func:`_bare_host_refs` can find anything in ``text`` under ``key``.

    Every reference found in text alone needs a ``.`` (hosts, URLs, model ids, PrivateLink names), a ``:``
    (ARNs, URIs) or a ``-`` (region names, offline placeholders); only the key can make other text a
    reference (a region-valued or bucket-valued property). Most strings of a stack are none of these
    (``PAY_PER_REQUEST``, ``arm64``, ``prod``), and skipping them is most of the scan's time.
    A property test keeps this in step with the scanners.
    """
    return ("." in text or ":" in text or "-" in text or region_property_kind(key) == "destination"
            or key.lower() in _BUCKET_KEYS)


def _string_refs(subject: Subject, path: str, key: str, text: str) -> Iterator[Reference]:
    if aws.is_offline_placeholder(text):
        if _placeholder_matters(key, text):
            yield Reference(path, "offline")
        return
    covered: set[str] = set()
    for arn in aws.find_arns(text):
        if arn.region and arn.service in NO_DATA_SERVICES:
            covered.add(arn.region)
            continue
        if arn.region:
            covered.add(arn.region)
            yield Reference(path, "arn", region=arn.region, region_known=aws.is_region(arn.region),
                            partition=arn.partition, text=arn.service)
        elif arn.s3_bucket:
            yield Reference(path, "bucket", partition=arn.partition, bucket=arn.s3_bucket, text=arn.s3_bucket)
        else:
            yield Reference(path, "arn", partition=arn.partition, text=arn.service)
    for host_name in aws.find_hostnames(text):
        host = aws.aws_host(host_name)
        if host is not None:
            if host.region:
                covered.add(host.region)
            yield from _host_ref(path, host)
    for ref in _url_refs(path, text):
        if ref.region:
            covered.add(ref.region)
        yield ref
    for region in aws.find_privatelink_regions(text):
        covered.add(region)
        yield Reference(path, "privatelink", region=region, region_known=aws.is_region(region),
                        text="a PrivateLink service")
    for bucket in aws.find_s3_buckets(text):
        yield Reference(path, "bucket", bucket=bucket, text=bucket)
    for geography in aws.find_inference_profiles(text):
        yield Reference(path, "model", text=geography)
    kind = region_property_kind(key)
    if kind == "destination":
        if aws.is_region(text):
            covered.add(text)
            yield Reference(path, "region", region=text, text="a region-valued property")
        elif aws.looks_like_region(text):
            # A region spelled loosely ("EU-WEST-1", " eu-west-1"): refused, never matched loosely.
            yield Reference(path, "region", region=text, region_known=False, text="a region-valued property")
    elif kind in ("source", "other"):
        return
    for region in aws.find_region_tokens(text):
        if region not in covered:
            covered.add(region)
            yield Reference(path, "region", region=region, text="a region name")
    if key.lower() in _BUCKET_KEYS and aws.is_bucket_name(text) and "." in path + "." and path != "bucket":
        yield Reference(path, "bucket", bucket=text, text=text)


def _host_value_refs(path: str, text: str) -> Iterator[Reference]:
    value = text.strip().rstrip(".")
    if "@" in value:  # an e-mail subscription
        value = value.rsplit("@", 1)[1]
    if not aws.is_hostname(value):
        return
    parsed = aws.aws_host(value)
    if parsed is not None:
        yield from _host_ref(path, parsed)
    elif not _is_local(value) and not _AWS_GLOBAL_HOSTS.search(value.lower()):
        yield Reference(path, "external", text=_domain_text(value), host=value.lower())


def input_keys(subject: Subject) -> frozenset[str] | None:
    """The top-level input properties of a type (``None``: a type the schema table does not know)."""
    known = schema.facts(subject.type)
    return known.inputs if known is not None else None


def _decoded_base64(text: str) -> str | None:
    import base64
    import binascii

    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


@functools.lru_cache(maxsize=4096)
def _host_key(key: str) -> bool:
    """Whether a property named ``key`` holds a host (its last word is one of :data:`_HOST_WORDS`)."""
    words = _WORDS.findall(key)
    return bool(words) and words[-1].lower() in _HOST_WORDS


def _bare_host_refs(path: str, key: str, text: str) -> Iterator[Reference]:
    """A value that is exactly a host (``datadoghq.com``, ``broker.example.cloud:9092``) under a host-like key."""
    if not _host_key(key) or "://" in text or "@" in text:
        return
    value = text.strip().rstrip(".")
    host, _, port = value.partition(":")
    if port and not port.isdigit():
        return
    if not aws.is_hostname(host) or not public_suffix_known(host):
        return
    yield from _host_value_refs(path, host)


def _judged_leaves(subject: Subject, inputs: frozenset[str] | None) -> list[tuple[str, str, Any]]:
    """The leaves of the properties the data-flow rules judge: those in ``inputs`` (all when ``None``), minus
    whole non-flow properties (``tags``, a description), which are never walked: an entry of
    :data:`NON_FLOWS` that covers a property covers everything under it.
    """
    props = subject.props
    if not isinstance(props, Mapping):
        return leaves(props)
    out: list[tuple[str, str, Any]] = []
    for name, value in props.items():
        name = str(name)
        if (inputs is not None and name not in inputs) or non_flow(subject.type, name):
            continue
        collect_leaves(value, name, name, out)
    return out


@dataclass(frozen=True, slots=True)
class Scan:
    """One walk of a resource's properties: the references found, and the paths of the values unknown at
    preview (every unknown leaf of the properties walked, whether or not a rule resolves it).
    """

    subject: Subject
    references: tuple[Reference, ...]
    unknown: tuple[str, ...]


def scan(subject: Subject, *, outputs: bool = False) -> Scan:
    """Every known reference in a resource's inputs, and where its unknown values are (see :func:`unknowns`).

    With ``outputs`` (``AnalyzeStack``), computed outputs such as a resource's own ARN or endpoints are left out.
    """
    found: list[Reference] = []
    unknown: list[str] = []
    host_paths = _HOST_PATHS.get(subject.type, ())
    bucket_paths = _BUCKET_PATHS.get(subject.type, ())
    inputs = _stack_inputs(subject) if outputs else None
    for path, key, value in _judged_leaves(subject, inputs):
        # Only strings refer to places (numbers, booleans, nulls and unknowns do not).
        if not isinstance(value, str):
            if value is UNKNOWN:
                unknown.append(path)
            continue
        if non_flow(subject.type, path):
            continue
        if key in _BASE64_KEYS or (key == "userData" and subject.type in _BASE64_TYPES):
            value = _decoded_base64(value) or value
        for inner_path, inner_key, inner in _text_leaves(value, path, key, 0):
            if not isinstance(inner, str):
                continue
            if inner_path != path and non_flow(subject.type, inner_path):
                continue
            if not _may_refer(inner, inner_key) and not host_paths and not bucket_paths:
                continue
            found += _string_refs(subject, inner_path, inner_key, inner)
            if host_paths and pattern_of(inner_path) in host_paths:
                found += _host_value_refs(inner_path, inner)
            elif bucket_paths and pattern_of(inner_path) in bucket_paths:
                bucket = inner.strip().split("/", 1)[0]
                if aws.is_bucket_name(bucket):
                    found.append(Reference(inner_path, "bucket", bucket=bucket, text=bucket))
            else:
                found += _bare_host_refs(inner_path, inner_key, inner)
    return Scan(subject, tuple(found), tuple(unknown))


def stack_scan(subject: Subject, analyzed: Scan | None) -> Scan:
    """``scan(subject, outputs=True)``, reusing ``analyzed`` (what ``Analyze`` found in the resource) when the
    inputs judged are the same values: the scan is then the same, since it depends on the type and those values
    only (in another order, perhaps; callers order what they report).
    """
    if analyzed is not None and _same_judged_inputs(analyzed.subject, subject):
        return analyzed
    return scan(subject, outputs=True)


def _stack_inputs(subject: Subject) -> frozenset[str] | None:
    """The properties of ``AnalyzeStack`` outputs that are inputs: the type's inputs and every property with
    dependencies (``None``: a type the schema table does not know, whose outputs are all scanned).
    """
    inputs = input_keys(subject)
    return None if inputs is None else inputs | frozenset(subject.property_dependencies)


def _same_judged_inputs(analyzed: Subject, subject: Subject) -> bool:
    inputs = _stack_inputs(subject)
    if inputs is None or analyzed.type != subject.type:
        return False
    before, now = analyzed.props, subject.props
    if not isinstance(before, Mapping) or not isinstance(now, Mapping):
        return False
    # Analyze scanned every property, the stack pass scans the inputs only: the properties must be the same
    # (a property outside the inputs that Analyze saw makes them differ).
    return dict(before) == {name: value for name, value in now.items() if name in inputs}


def unknowns(subject: Subject, found: Scan, analyzed: Subject | None = None) -> Iterator[str]:
    """Paths of *input* values unknown at preview that the data-flow rules must resolve.

    ``found`` is a scan of ``subject`` (:func:`stack_scan`). ``AnalyzeStack`` sends outputs, and a resource being
    created has every computed output unknown (its own ``arn``, ``id``, endpoints): those are not
    destinations. Only the type's input properties are resolved (from the schema table; for a type it does not
    know, the properties that depend on something).
    """
    # A property with dependencies is an input whatever the table says (a newer pulumi-aws may add inputs).
    inputs = (input_keys(subject) or frozenset()) | frozenset(subject.property_dependencies)
    unknown_at_analyze: frozenset[str] | None = None
    for path in found.unknown:
        if top_key(path) not in inputs or non_flow(subject.type, path):
            continue
        if top_key(path) not in subject.property_dependencies:
            # An input the program left unset that the provider computes (Optional and Computed: `mfa`,
            # `expectedBucketOwner`) is unknown in the outputs of a resource being created. What `Analyze` saw
            # tells them apart: a value the program set to something unknown was unknown there too (at that
            # path or at a property above it).
            # Without a record of `Analyze` (a stack seen only whole), nothing tells them apart: resolve it.
            if analyzed is None:
                yield path
                continue
            if unknown_at_analyze is None:
                unknown_at_analyze = _unknown_paths(analyzed)
            if not any(prefix in unknown_at_analyze for prefix in _prefixes(path)):
                continue
        yield path


def _unknown_paths(analyzed: Subject) -> frozenset[str]:
    return frozenset(path for path, _key, value in leaves(analyzed.props) if value is UNKNOWN)


def _prefixes(path: str) -> Iterator[str]:
    """``a.b[0].c`` -> ``a``, ``a.b``, ``a.b[0]``, ``a.b[0].c``."""
    for index, char in enumerate(path):
        if char in ".[":
            yield path[:index]
    yield path


def scanned(subject: Subject) -> bool:
    """Whether the data-flow rules look at a resource (pulumi-aws resources; IAM grants are skipped)."""
    return bool(module_of(subject.type)) and module_of(subject.type) != "iam"


# ------------------------------------------------------------------------------------------------------------
# Judging a reference
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """Where a reference points and what that means: ``ok``, ``out`` (outside the zone), ``bad`` or ``unknown``."""

    outcome: str
    message: str = ""
    region: str | None = None


def _partition_text(partition: str) -> str:
    return f"partition {partition}" if partition in model.partitions() else "an unrecognised partition"


def place_of(ref: Reference, subject: Subject, ctx: Ctx) -> Verdict:
    """Resolve a known reference to a place and judge it against the zone (the data class is judged later)."""
    where_text = f"`{ref.path}`"
    if ref.kind == "offline":
        return Verdict("unknown", f"{where_text} holds a value that `residency check` answered offline for a "
                                  "lookup (an invoke), so where it points cannot be known; run `pulumi preview "
                                  "--policy-pack` for the real value")
    if ref.partition is not None and ref.partition not in ctx.partitions:
        return Verdict("bad", f"{where_text} refers to a resource in {_partition_text(ref.partition)}, but "
                              f"{ctx.zone_label} lies in {', '.join(sorted(ctx.partitions))}")
    if ref.kind == "bucket" and ref.bucket is not None:
        return _bucket_place(ref, ctx)
    if ref.kind == "external":
        country = ctx.external_host_country(ref.host) if ref.host else None
        if country is None:
            shown = ref.text if ref.text == "an IP address" else f"a host of {ref.text or 'an unknown domain'}"
            return Verdict("out", f"{where_text} sends data to {shown}, "
                                  "outside AWS, which the pack configuration does not list as an external "
                                  "destination")
        if country not in ctx.zone_countries:
            return Verdict("out", f"{where_text} sends data to a host of {ref.text}, which the configuration "
                                  f"places in {model.country_name(country)} ({country}), outside {ctx.zone_label}")
        return Verdict("ok")
    if ref.kind == "model":
        regions = aws.inference_profile_regions(ref.text)
        outside = sorted(r for r in regions if not ctx.in_zone(r))
        if outside:
            more = " and others" if len(outside) > 4 else ""
            return Verdict("out", f"{where_text} names a {ref.text!r} cross-Region inference profile, which may "
                                  f"route requests to {', '.join(outside[:4])}{more} outside {ctx.zone_label}")
        return Verdict("ok")
    if ref.region is None:
        return Verdict("ok")  # a global service (IAM, CloudFront, Route 53, ...): no region to judge
    if not ref.region_known:
        if ref.kind == "region":
            return Verdict("bad", f"{where_text} is not exactly the name of an AWS region; region names are matched "
                                  "exactly (no case folding or trimming), so it counts as outside the zone")
        service = ref.text if aws.is_service(ref.text) else "an AWS service"
        return Verdict("unknown", f"{where_text} refers to {service} in a region botocore does not know")
    if unmapped(ref.region):
        return Verdict("unknown", unmapped_message(ref.region, where_text))
    if ctx.in_zone(ref.region):
        return Verdict("ok", region=ref.region)
    return Verdict("out", f"{where_text} {_points(ref)} {where(ref.region)}, outside {ctx.zone_label}", ref.region)


def _points(ref: Reference) -> str:
    """How a reference of each kind points at its region, for messages."""
    if ref.kind == "arn":
        # The service field is user text until botocore recognises it.
        service = ref.text if aws.is_service(ref.text) else "an AWS service"
        return f"refers to a resource of {service} in"
    if ref.kind == "host":
        return "sends to an AWS endpoint in"
    if ref.kind == "privatelink":
        return "connects to a PrivateLink service in"
    return "names the region"


def _bucket_place(ref: Reference, ctx: Ctx) -> Verdict:
    from ._places import effective_region

    where_text = f"`{ref.path}`"
    bucket = ref.bucket or ""
    seen = ctx.memory.find("s3", bucket)
    region: str | None = None
    # Bucket names are property values: messages name the bucket's resource (a logical name), never the bucket.
    named = f"bucket {seen.name!r} of this stack" if seen is not None else "an S3 bucket"
    if seen is not None:
        verdict = effective_region(seen)
        if verdict.region is None:
            return Verdict("unknown", f"{where_text} names {named}, whose region is not determined")
        region = verdict.region
    else:
        region = ctx.external_bucket_region(bucket)
        named = "an S3 bucket listed in `externalDestinations`" if region else named
    if region is None:
        return Verdict("unknown", f"{where_text} names an S3 bucket that is not a bucket of this deployment "
                                  "(bucket names and ARNs carry no region: define the bucket in this stack, or list "
                                  "it with its region in `externalDestinations`)")
    if ctx.in_zone(region):
        return Verdict("ok", region=region)
    return Verdict("out", f"{where_text} names {named} in {where(region)}, outside {ctx.zone_label}", region)
