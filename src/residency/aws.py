"""Facts about AWS in one place: partitions, DNS suffixes, ARNs, service hostnames, URLs and model ids.

Everything that names a place in AWS is parsed here, backed by botocore's partition data, and used alike by the
offline engine (the ARNs and hostnames it computes), the components (service principals, registry hosts) and the
policy pack (finding where a reference points). Pure Python: no Pulumi import.

Parsers never guess. A string that is not exactly an ARN, a hostname or a model id of the shapes below is not
one; a region field that is not exactly a region botocore knows is reported as such (``Region.known`` false),
so that the pack can refuse it instead of matching it loosely.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import urlsplit

# ------------------------------------------------------------------------------------------------------------
# Partitions and regions (botocore's `partitions` data)
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Partition:
    """One AWS partition: its name (the ARN's second field), DNS suffixes and regions."""

    name: str
    dns_suffix: str
    dual_stack_dns_suffix: str
    regions: frozenset[str]
    descriptions: Mapping[str, str]


#: Partition data handed over by a parent process (see :func:`use_partition_data`); ``None``: read botocore's.
_PRELOADED: list[dict[str, Any]] | None = None


def partition_data() -> list[dict[str, Any]]:
    """botocore's raw ``partitions`` entries (JSON-ready), to hand to a process that has no botocore."""
    if _PRELOADED is not None:
        return list(_PRELOADED)
    # Imported here so that a process given the data (the offline program runner inside a project's own
    # interpreter, which may lack botocore) never needs botocore.
    from botocore.loaders import Loader

    return list(Loader().load_data("partitions")["partitions"])


def use_partition_data(entries: list[dict[str, Any]]) -> None:
    """Use ``entries`` (from :func:`partition_data` in another process) instead of botocore's data."""
    global _PRELOADED
    _PRELOADED = list(entries)
    partitions.cache_clear()
    region_partitions.cache_clear()
    _all_dns_suffixes.cache_clear()
    _region_token_pattern.cache_clear()


@cache
def partitions() -> Mapping[str, Partition]:
    """Every partition botocore knows, by name (``aws``, ``aws-cn``, ``aws-eusc``, ``aws-us-gov``, ...)."""
    found: dict[str, Partition] = {}
    for entry in partition_data():
        outputs = entry.get("outputs", {})
        # "aws-global" and friends are endpoint aliases, not places where data can stand.
        regions = {name: info.get("description", "") for name, info in entry.get("regions", {}).items()
                   if not name.endswith("-global")}
        found[entry["id"]] = Partition(
            name=entry["id"],
            dns_suffix=outputs.get("dnsSuffix", ""),
            dual_stack_dns_suffix=outputs.get("dualStackDnsSuffix", ""),
            regions=frozenset(regions),
            descriptions=MappingProxyType(regions),
        )
    return MappingProxyType(found)


@cache
def region_partitions() -> Mapping[str, str]:
    """Every region botocore knows, mapped to its partition."""
    return MappingProxyType({r: p.name for p in partitions().values() for r in p.regions})


def looks_like_region(value: object) -> bool:
    """Whether ``value`` is a region name written loosely (another case, blanks around it), or shaped like one."""
    if not isinstance(value, str):
        return False
    folded = value.strip().lower()
    return folded in region_partitions() or bool(re.fullmatch(r"[a-z]{2}(?:-[a-z]+){1,3}-\d{1,2}", folded))


def is_region(value: object) -> bool:
    """Whether ``value`` is exactly the name of a region botocore knows (no case folding, no trimming)."""
    return isinstance(value, str) and value in region_partitions()


def partition_of(region: str) -> str | None:
    """The partition of a known region, ``None`` for anything else."""
    return region_partitions().get(region)


def dns_suffix(partition: str) -> str:
    """The DNS suffix of a partition's regional endpoints (``amazonaws.com``, ``amazonaws.com.cn``, ...)."""
    found = partitions().get(partition)
    return found.dns_suffix if found else "amazonaws.com"


def service_principal(service: str, region: str | None = None, partition: str = "aws") -> str:
    """A service principal: regional (``logs.eu-west-3.amazonaws.com``) or global (``lambda.amazonaws.com``)."""
    suffix = dns_suffix(partition)
    return f"{service}.{region}.{suffix}" if region else f"{service}.{suffix}"


@cache
def _all_dns_suffixes() -> tuple[str, ...]:
    suffixes = {s for p in partitions().values() for s in (p.dns_suffix, p.dual_stack_dns_suffix) if s}
    # Lambda function URLs, App Runner and a few newer services answer under these AWS-owned domains.
    suffixes |= {"on.aws", "awsapprunner.com", "amazonaws.com"}
    # Longest first, so that "amazonaws.com.cn" wins over "amazonaws.com".
    return tuple(sorted(suffixes, key=len, reverse=True))


# ------------------------------------------------------------------------------------------------------------
# ARNs
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Arn:
    """The fields of an Amazon Resource Name. ``region`` and ``account`` may be empty (S3, IAM, CloudFront)."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"

    @property
    def s3_bucket(self) -> str | None:
        """The bucket of an S3 bucket or object ARN (``arn:aws:s3:::name/key``), else ``None``."""
        if self.service != "s3" or self.region or self.account:
            return None
        return self.resource.split("/", 1)[0] or None


def make_arn(partition: str, service: str, region: str, account: str, resource: str) -> str:
    """Build an ARN from its fields."""
    return str(Arn(partition, service, region, account, resource))


# The resource part stops at blanks, quotes and the punctuation that surrounds ARNs in documents and commands;
# it may contain colons and slashes (``function:name:alias``, ``table/name/stream/...``).
_ARN_TAIL: Final = r"[^\s\"'`,;<>(){}\[\]|\\]*"
_ARN_AT: Final = re.compile(
    r"arn:(?P<partition>[A-Za-z][A-Za-z0-9-]*):(?P<service>[A-Za-z0-9.-]+):(?P<region>[^:\s\"']*):"
    r"(?P<account>[^:\s\"'/]*):(?P<resource>" + _ARN_TAIL + ")"
)
_ARN_START: Final = re.compile(r"(?<![A-Za-z0-9])arn:")


def parse_arn(value: object) -> Arn | None:
    """The ARN ``value`` is exactly, or ``None`` (no partial matches)."""
    if not isinstance(value, str):
        return None
    found = _ARN_AT.fullmatch(value)
    return Arn(**found.groupdict()) if found else None


def find_arns(text: str) -> list[Arn]:
    """Every ARN inside ``text``, nested ones included.

    An API Gateway integration URI embeds a Lambda ARN in its resource part
    (``arn:aws:apigateway:eu-west-3:lambda:path/.../functions/arn:aws:lambda:us-east-1:...``): both are
    returned, each with its own region, so a foreign inner ARN is never judged by the outer one's region.
    """
    if "arn:" not in text:
        return []
    found: list[Arn] = []
    for start in _ARN_START.finditer(text):
        match = _ARN_AT.match(text, start.start())
        if match:
            found.append(Arn(**match.groupdict()))
    return found


#: ARN service namespaces that differ from botocore's service model names.
_ARN_NAMESPACES: Final = frozenset({
    "elasticloadbalancing", "execute-api", "states", "elasticfilesystem", "kafka", "cloudfront", "iam", "sts",
    "route53", "organizations", "wafv2", "waf", "waf-regional", "ecr-public", "cloudhsm", "ds", "kinesisanalytics",
    "application-autoscaling", "config", "aoss", "ssm-incidents", "resource-groups", "s3-outposts", "s3express",
})


@cache
def _service_names() -> frozenset[str]:
    from botocore.loaders import Loader  # lazily: the offline engine's child process has no botocore

    return frozenset(Loader().list_available_services("service-2")) | _ARN_NAMESPACES


def is_service(name: str) -> bool:
    """Whether ``name`` is an AWS service namespace botocore (or the ARN grammar) knows, safe to show."""
    return name in _service_names()


# ------------------------------------------------------------------------------------------------------------
# Hostnames, URLs, PrivateLink service names, S3 URIs
# ------------------------------------------------------------------------------------------------------------

_HOST_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME: Final = re.compile(rf"(?:{_HOST_LABEL}\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]")
_URL: Final = re.compile(r"(?<![A-Za-z0-9+.-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]{1,15})://(?P<rest>[^\s\"'`<>{}|\\^]+)")
# A legacy S3 website or path-style host names its region with a dash (s3-eu-west-1, s3-website-eu-west-1).
_DASHED_S3: Final = re.compile(r"^s3(?:-website)?-(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)$")


@dataclass(frozen=True, slots=True)
class AwsHost:
    """A hostname under an AWS DNS suffix: the region it names (``None``: none) and an S3 bucket if it is one.

    ``labels`` are the host's labels before the suffix (``["sqs", "us-east-1"]``): a host with no region and
    one label (``lambda.amazonaws.com``) is a service principal or a global endpoint.
    """

    host: str
    partition: str | None
    region: str | None
    region_known: bool
    labels: tuple[str, ...]
    bucket: str | None


def aws_host(host: str) -> AwsHost | None:
    """Parse a hostname that belongs to AWS (``sqs.us-east-1.amazonaws.com``, ``x.lambda-url.eu-west-3.on.aws``).

    The region is the label that is a region name (``s3.dualstack.us-east-1.amazonaws.com``) or the dashed S3
    form (``bucket.s3-eu-west-1.amazonaws.com``); a label shaped like a region that botocore does not know is
    returned with ``region_known`` false. Virtual-hosted S3 names give their bucket (``b.s3.amazonaws.com``).
    """
    lowered = host.lower().rstrip(".")
    suffix = next((s for s in _all_dns_suffixes() if lowered.endswith("." + s)), None)
    if suffix is None:
        return None
    labels = lowered[: -len(suffix) - 1].split(".")
    region: str | None = None
    known = False
    for label in reversed(labels):
        dashed = _DASHED_S3.match(label)
        candidate = dashed["region"] if dashed else label
        if candidate in region_partitions():
            region, known = candidate, True
            break
        if _looks_like_region(candidate):
            region, known = candidate, False
            break
    bucket = _bucket_of_host(labels)
    partition = partition_of(region) if region and known else _partition_by_suffix(suffix)
    return AwsHost(lowered, partition, region, known, tuple(labels), bucket)


def _looks_like_region(label: str) -> bool:
    return bool(re.fullmatch(r"[a-z]{2}(?:-[a-z]+){1,3}-\d{1,2}", label))


def _bucket_of_host(labels: list[str]) -> str | None:
    # Virtual-hosted style: <bucket>.s3[.dualstack][.<region>].amazonaws.com or <bucket>.s3-<region>....
    for index, label in enumerate(labels):
        if index > 0 and (label in ("s3", "s3-website", "s3-accelerate") or _DASHED_S3.match(label)):
            return ".".join(labels[:index])
    return None


def _partition_by_suffix(suffix: str) -> str | None:
    for partition in partitions().values():
        if suffix in (partition.dns_suffix, partition.dual_stack_dns_suffix):
            # amazonaws.com is shared by aws and aws-us-gov; without a region it names the commercial one.
            return "aws" if suffix == "amazonaws.com" else partition.name
    return "aws"


@dataclass(frozen=True, slots=True)
class Url:
    """A URL's scheme and host (lower case); the path and query are never kept (they may carry secrets).

    ``bucket`` is the bucket of a path-style S3 URL (``https://s3.eu-west-1.amazonaws.com/<bucket>/key``).
    """

    scheme: str
    host: str
    bucket: str | None = None


def find_urls(text: str) -> list[Url]:
    """Every ``scheme://host...`` URL inside ``text``, with its host (userinfo and port removed)."""
    if "://" not in text:
        return []
    found: list[Url] = []
    for match in _URL.finditer(text):
        try:
            parts = urlsplit(f"{match['scheme']}://{match['rest']}")
            host = (parts.hostname or "").lower()
            path = parts.path
        except ValueError:
            host, path = "", ""
        found.append(Url(match["scheme"].lower(), host, _path_style_bucket(host, path)))
    return found


def _path_style_bucket(host: str, path: str) -> str | None:
    parsed = aws_host(host) if host else None
    if parsed is None or parsed.bucket is not None or not parsed.labels:
        return None
    first = parsed.labels[0]
    if first not in ("s3", "s3-website") and not _DASHED_S3.match(first):
        return None
    segment = path.lstrip("/").split("/", 1)[0]
    return segment if segment and is_bucket_name(segment) else None


def is_hostname(value: str) -> bool:
    """Whether ``value`` is exactly a DNS hostname with at least two labels (not an IP address)."""
    return bool(_HOSTNAME.fullmatch(value)) and not is_ip_address(value)


def is_ip_address(value: str) -> bool:
    """Whether ``value`` is an IPv4 or IPv6 address."""
    try:
        ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return False
    return True


def find_hostnames(text: str) -> list[str]:
    """Hostnames under an AWS DNS suffix inside ``text`` (other hostnames are only found in URLs)."""
    if "." not in text:
        return []
    lowered = text.lower()
    if not any(s in lowered for s in _all_dns_suffixes()):
        return []
    return [m.group(0) for m in _HOSTNAME.finditer(text) if aws_host(m.group(0)) is not None]


_PRIVATELINK: Final = re.compile(
    r"(?<![A-Za-z0-9.-])(?:com|cn\.com|eu)\.amazonaws\.(?:vpce\.)?(?P<region>[a-z0-9-]+)\.[A-Za-z0-9.-]+"
)


def find_privatelink_regions(text: str) -> list[str]:
    """The regions of PrivateLink service names inside ``text`` (``com.amazonaws.us-east-1.s3``)."""
    if "amazonaws." not in text:
        return []
    return [m["region"] for m in _PRIVATELINK.finditer(text)]


_S3_URI: Final = re.compile(r"(?<![A-Za-z0-9])s3a?n?://(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?=/|$|[\s\"',])")


def find_s3_buckets(text: str) -> list[str]:
    """The buckets of ``s3://bucket/prefix`` URIs inside ``text``."""
    if "://" not in text:
        return []
    return [m["bucket"] for m in _S3_URI.finditer(text)]


_BUCKET_NAME: Final = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def is_bucket_name(value: str) -> bool:
    """Whether ``value`` is shaped like an S3 bucket name (3-63 characters, lower case, not an IP address)."""
    return bool(_BUCKET_NAME.fullmatch(value)) and not is_ip_address(value) and ".." not in value


# ------------------------------------------------------------------------------------------------------------
# Region names inside text
# ------------------------------------------------------------------------------------------------------------


@cache
def _region_token_pattern() -> re.Pattern[str]:
    names = sorted(region_partitions(), key=len, reverse=True)
    # A region name stands alone: not inside a longer name such as "logs-us-east-1" or "eu-west-1a".
    return re.compile(r"(?<![A-Za-z0-9-])(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z0-9-])")


def find_region_tokens(text: str) -> list[str]:
    """Region names standing alone inside ``text`` (``--region us-east-1``, ``"awslogs-region": "..."``).

    Text that is part of an ARN, a URL, a hostname, an S3 URI or a PrivateLink name is not looked at: those are
    judged as what they are (a bucket named ``us-east-1`` is a bucket, not a region).
    """
    if "-" not in text:
        return []
    return _region_token_pattern().findall(_masked(text))


def _masked(text: str) -> str:
    spans: list[tuple[int, int]] = []
    if "arn:" in text:
        for found in _ARN_START.finditer(text):
            arn = _ARN_AT.match(text, found.start())
            if arn:
                spans.append(arn.span())
    if "://" in text:
        spans += [m.span() for m in _URL.finditer(text)]
        spans += [m.span() for m in _S3_URI.finditer(text)]
    if "." in text:
        spans += [m.span() for m in _HOSTNAME.finditer(text)]
        spans += [m.span() for m in _PRIVATELINK.finditer(text)]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


# ------------------------------------------------------------------------------------------------------------
# Bedrock inference profiles
# ------------------------------------------------------------------------------------------------------------

#: Regions a geographic cross-Region inference profile may route a request to. Source: the Amazon Bedrock
#: user guide, "Supported Regions and models for inference profiles"
#: (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html). The EU profiles
#: route within EU member states; ``global`` may route to any commercial region.
_EU_PROFILE_REGIONS: Final = frozenset(
    {"eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"}
)
_PROFILE_PREFIXES: Final = ("global", "us-gov", "us", "eu", "apac", "jp", "au", "ca")
_MODEL_ID: Final = re.compile(
    r"(?<![A-Za-z0-9.-])(?P<geo>" + "|".join(_PROFILE_PREFIXES) + r")\.(?P<provider>[a-z][a-z0-9-]*)\."
    r"(?P<model>[a-z0-9][A-Za-z0-9.:_-]*)"
)


def inference_profile_regions(geography: str) -> frozenset[str]:
    """The regions a cross-Region inference profile of ``geography`` (``eu``, ``us``, ``global``) may use."""
    commercial = partitions()["aws"].regions
    if geography == "global":
        return commercial
    if geography == "eu":
        return _EU_PROFILE_REGIONS
    if geography == "us-gov":
        return partitions()["aws-us-gov"].regions
    prefixes = {"us": ("us-",), "apac": ("ap-",), "jp": ("ap-northeast-1", "ap-northeast-3"),
                "au": ("ap-southeast-2", "ap-southeast-4"), "ca": ("ca-",)}[geography]
    return frozenset(r for r in commercial if r.startswith(prefixes))


def find_inference_profiles(text: str) -> list[str]:
    """The geographies of cross-Region inference profile ids inside ``text`` (``us.anthropic.claude...``)."""
    if "." not in text:
        return []
    return [m["geo"] for m in _MODEL_ID.finditer(text)]


# ------------------------------------------------------------------------------------------------------------
# Values the offline engine made up for lookups it cannot answer
# ------------------------------------------------------------------------------------------------------------

#: Every string the offline engine invents for a lookup (an invoke) it cannot answer carries this token, so
#: that the pack can say a decision rests on a value answered offline instead of treating it as real.
OFFLINE_LOOKUP_TOKEN: Final = "offline-lookup-4c1d"


def is_offline_placeholder(value: object) -> bool:
    """Whether a string carries the offline lookup token."""
    return isinstance(value, str) and OFFLINE_LOOKUP_TOKEN in value


def iter_region_like_labels(host: str) -> Iterator[str]:
    """The labels of a hostname that are shaped like regions (for messages about unknown regions)."""
    for label in host.lower().split("."):
        if _looks_like_region(label):
            yield label
