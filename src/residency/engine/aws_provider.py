"""The parts of the pulumi-aws provider that decide what the engine hands a policy pack, emulated offline.

The engine sends ``Analyze`` a resource's inputs *after* the provider's ``Check``, and ``AnalyzeStack`` its
outputs. For ``aws:*`` resources that means (pulumi-aws 7 and pulumi-terraform-bridge):

- **CheckConfig** (every ``pulumi:providers:aws``): ``skipRegionValidation`` and ``skipMetadataApiCheck``
  default to ``"true"``; a provider without ``region`` takes ``AWS_REGION``, then ``AWS_DEFAULT_REGION``,
  from the environment; without either it has no region. Inputs travel as strings (JSON for the rest).
- **Check** (``provider/region.go`` ``applyRegion``): a resource type with a ``region`` input gets the
  provider's region unless the program set one. (``provider/tags.go`` ``applyTags``): a type with
  ``tagsAll`` gets the provider's ``defaultTags`` merged with its ``tags`` (the resource's keys win, the
  provider's ``ignoreTags`` removed), wholly unknown when any part is unknown. The bridge autonames the
  ``name`` input (``<logical name>-<7 hex>``; S3 buckets' ``bucket``, lower case) unless the program set
  it or a conflicting ``*Prefix`` field, in which case the name stays unknown until the resource exists.
- **Preview** (``Create`` with ``preview``): the outputs are the checked inputs, every output-only property
  unknown (ids, ARNs, URLs, endpoints); inputs the program left unset stay null. :func:`up_outputs`
  instead computes the id and ARN the way AWS forms them, for the ``up`` emulation pass.

Runs inside the program's own interpreter: imports the standard library, ``residency.aws`` and the engine's
records and schema modules only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, Final

from residency import aws
from residency.engine import sdk_schema
from residency.engine.records import UNKNOWN, Secret

#: The provider config keys CheckConfig defaults, with the (string) value the engine then sends.
CHECK_CONFIG_DEFAULTS: Final = {"skipRegionValidation": "true", "skipMetadataApiCheck": "true"}
#: Where a provider without a region takes it from, in order.
REGION_ENVIRONMENT: Final = ("AWS_REGION", "AWS_DEFAULT_REGION")
#: The account in computed ARNs when the config names none.
MOCK_ACCOUNT: Final = "123456789012"

_S3_BUCKET_TYPES: Final = frozenset({"aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"})
# ARN service names that differ from the pulumi-aws module name (the first part of ``aws:<module>/...``).
_ARN_SERVICES: Final = {
    "alb": "elasticloadbalancing",
    "lb": "elasticloadbalancing",
    "elb": "elasticloadbalancing",
    "apigatewayv2": "apigateway",
    "appautoscaling": "application-autoscaling",
    "cfg": "config",
    "cloudhsmv2": "cloudhsm",
    "cognito": "cognito-idp",
    "directoryservice": "ds",
    "docdb": "rds",
    "neptune": "rds",
    "ecrpublic": "ecr-public",
    "efs": "elasticfilesystem",
    "elasticsearch": "es",
    "opensearch": "es",
    "kinesisanalyticsv2": "kinesisanalytics",
    "msk": "kafka",
    "s3control": "s3",
    "sesv2": "ses",
    "sfn": "states",
    "vpc": "ec2",
}
# ARNs whose resource part is the bare name (arn:aws:sqs:eu-west-3:123456789012:orders).
_BARE_NAME_SERVICES: Final = frozenset({"sqs", "sns"})


def short_hash(text: str) -> str:
    """Seven hex digits derived from ``text`` (where the bridge uses random ones; stable here for repeatability)."""
    return hashlib.sha256(text.encode()).hexdigest()[:7]


def plain(value: Any) -> Any:
    """``value`` without secret wrappers (to compute names and ARNs, never for display)."""
    while isinstance(value, Secret):
        value = value.value
    return value


def _like(source: Any, value: Any) -> Any:
    return Secret(value) if isinstance(source, Secret) else value


def _contains_unknown(value: Any) -> bool:
    value = plain(value)
    if value is UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_unknown(v) for v in value)
    return False


# ------------------------------------------------------------------------------------------------------------
# CheckConfig
# ------------------------------------------------------------------------------------------------------------


def check_config(inputs: Mapping[str, Any], environ: Mapping[str, str]) -> tuple[dict[str, Any], str | None]:
    """A ``pulumi:providers:aws`` resource's inputs after CheckConfig, and the variable its region came from."""
    checked = dict(inputs)
    for key, value in CHECK_CONFIG_DEFAULTS.items():
        if checked.get(key) is None:
            checked[key] = value
    source = None
    if checked.get("region") in (None, ""):
        checked.pop("region", None)
        for variable in REGION_ENVIRONMENT:
            if environ.get(variable):
                checked["region"] = environ[variable]
                source = variable
                break
    return checked, source


def _json_input(value: Any) -> Any:
    """A provider input the engine carries as a JSON string (``defaultTags``), decoded; UNKNOWN stays."""
    raw = plain(value)
    if raw is UNKNOWN or raw is None:
        return raw
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw


# ------------------------------------------------------------------------------------------------------------
# Check
# ------------------------------------------------------------------------------------------------------------


def _tags_all(tags: Any, provider: Mapping[str, Any]) -> Any:
    default = _json_input(provider.get("defaultTags"))
    if default is UNKNOWN or _contains_unknown(tags) or _contains_unknown(default):
        return UNKNOWN
    merged: dict[str, Any] = {}
    default_tags = default.get("tags") if isinstance(default, Mapping) else None
    if isinstance(default_tags, Mapping):
        merged.update(default_tags)
    own = plain(tags)
    if isinstance(own, Mapping):
        merged.update(own)
    ignore = _json_input(provider.get("ignoreTags"))
    if ignore is UNKNOWN or _contains_unknown(ignore):
        return UNKNOWN
    if isinstance(ignore, Mapping):
        keys = {str(k) for k in ignore.get("keys") or []}
        prefixes = tuple(str(p) for p in ignore.get("keyPrefixes") or [])
        merged = {k: v for k, v in merged.items() if k not in keys and not (prefixes and k.startswith(prefixes))}
    secret = isinstance(tags, Secret) or isinstance(provider.get("defaultTags"), Secret)
    return Secret(merged) if secret else merged


def _autoname(type_: str, name: str, urn: str, inputs: dict[str, Any], schema: sdk_schema.ResourceSchema) -> None:
    if type_ in _S3_BUCKET_TYPES:
        field, prefix_field = "bucket", "bucketPrefix"
    elif "name" in schema.inputs:
        field, prefix_field = "name", "namePrefix"
    else:
        return
    if inputs.get(field) is not None:
        return
    if inputs.get(prefix_field) is not None:
        # The bridge does not autoname when a conflicting field is set: the provider picks the name at create.
        return
    generated = f"{name}-{short_hash(urn)}"
    if type_ in _S3_BUCKET_TYPES:
        generated = generated.lower()
    elif type_ == "aws:kms/alias:Alias":
        generated = f"alias/{generated}"
    elif type_ == "aws:sqs/queue:Queue" and plain(inputs.get("fifoQueue")) is True:
        generated = f"{generated}.fifo"
    inputs[field] = generated


def check(
    type_: str, name: str, urn: str, inputs: Mapping[str, Any], provider: Mapping[str, Any] | None
) -> dict[str, Any]:
    """An ``aws:*`` resource's inputs after the provider's Check (``provider``: the provider's checked inputs)."""
    checked = dict(inputs)
    schema = sdk_schema.resource_schema(type_)
    if schema is None:
        return checked
    provider = provider or {}
    if "region" in schema.inputs and checked.get("region") is None and "region" in provider:
        checked["region"] = provider["region"]
    if "tagsAll" in schema.outputs:
        checked["tagsAll"] = _tags_all(checked.get("tags"), provider)
    _autoname(type_, name, urn, checked, schema)
    return checked


# ------------------------------------------------------------------------------------------------------------
# Outputs
# ------------------------------------------------------------------------------------------------------------


def preview_outputs(type_: str, checked: Mapping[str, Any]) -> dict[str, Any]:
    """What the provider knows of a resource being created, at preview: the checked inputs, the rest unknown."""
    outputs = dict(checked)
    schema = sdk_schema.resource_schema(type_)
    if schema is not None:
        # Output-only properties are computed by the provider: unknown in the plan. An input the program did not
        # set is null in the plan unless the provider also computes it (Optional+Computed), which the SDK does
        # not record; it is left out (null), so a value the program never set is never invented.
        for key in schema.outputs - schema.inputs:
            outputs.setdefault(key, UNKNOWN)
    return outputs


def _arn_parts(type_: str) -> tuple[str, str]:
    module = type_.split(":")[1]
    service_module, _, kind = module.partition("/")
    service = _ARN_SERVICES.get(service_module, service_module)
    if service_module == "cloudwatch":
        service = "logs" if kind.startswith("log") else "events" if kind.startswith("event") else "cloudwatch"
    return service, kind


def up_outputs(
    type_: str, name: str, urn: str, checked: Mapping[str, Any], region: Any, account: str
) -> tuple[str, dict[str, Any]]:
    """The id and outputs after the resource exists (the ``up`` pass): checked inputs plus id, region and ARN.

    ``region`` is the resource's effective region (its own, else its provider's). Outputs that cannot be
    computed offline stay unknown, as at preview. A value derived from a secret stays secret.
    """
    outputs = preview_outputs(type_, checked)
    resource_id = f"{name}-{short_hash(urn)}"
    schema = sdk_schema.resource_schema(type_)
    has_region = schema is None or "region" in schema.inputs
    has_arn = schema is None or "arn" in schema.outputs
    plain_region = plain(region)
    if has_region and isinstance(plain_region, str):
        outputs["region"] = _like(region, plain_region)
    partition = (aws.partition_of(plain_region) if isinstance(plain_region, str) else None) or "aws"
    named = dict(checked)
    # With a prefix set, the provider picks the name at create: the prefix plus a suffix of its own.
    for field, prefix_field in (("bucket", "bucketPrefix"), ("name", "namePrefix")):
        prefix = plain(named.get(prefix_field))
        if named.get(field) is None and isinstance(prefix, str):
            named[field] = _like(named.get(prefix_field), f"{prefix}{short_hash(urn)}")
    checked = named
    if type_ in _S3_BUCKET_TYPES:
        raw_bucket = checked.get("bucket")
        bucket = plain(raw_bucket)
        if isinstance(bucket, str):
            resource_id = bucket
            # S3 bucket ARNs carry neither region nor account.
            outputs["arn"] = _like(raw_bucket, aws.make_arn(partition, "s3", "", "", bucket))
            outputs["id"] = _like(raw_bucket, bucket)
        return resource_id, outputs
    if type_ in _API_GATEWAY_TYPES and isinstance(plain_region, str):
        resource_id, computed = _api_gateway_outputs(type_, urn, checked, dict(outputs), plain_region, partition,
                                                     account)
        known = schema.outputs if schema is not None else computed.keys()
        return resource_id, {k: v for k, v in computed.items() if k in known or k in outputs or k == "id"}
    raw_name = checked.get("name")
    physical = plain(raw_name)
    if isinstance(physical, str):
        resource_id = physical
    if has_arn and isinstance(plain_region, str):
        service, kind = _arn_parts(type_)
        resource_part = resource_id if service in _BARE_NAME_SERVICES else f"{kind}/{resource_id}"
        arn = aws.make_arn(partition, service, plain_region if has_region else "", account, resource_part)
        secret = isinstance(raw_name, Secret) or (has_region and isinstance(region, Secret))
        outputs["arn"] = Secret(arn) if secret else arn
    if type_ == "aws:sqs/queue:Queue" and isinstance(plain_region, str):
        # A queue's id is its URL: https://sqs.<region>.<suffix>/<account>/<name>.
        url = f"https://sqs.{plain_region}.{aws.dns_suffix(partition)}/{account}/{resource_id}"
        resource_id = url
        outputs["url"] = url
    outputs["id"] = resource_id
    return resource_id, outputs


#: API Gateway APIs (``/restapis/<id>``, ``/apis/<id>``) and their stages, whose ARNs have no account and whose
#: ids AWS generates (ten characters), not the name.
_API_GATEWAY_TYPES: Final = {
    "aws:apigateway/restApi:RestApi": ("restapis", ""),
    "aws:apigateway/stage:Stage": ("restapis", "restApi"),
    "aws:apigatewayv2/api:Api": ("apis", ""),
    "aws:apigatewayv2/stage:Stage": ("apis", "apiId"),
}


def _api_gateway_outputs(
    type_: str, urn: str, checked: Mapping[str, Any], outputs: dict[str, Any], region: str, partition: str,
    account: str,
) -> tuple[str, dict[str, Any]]:
    """``arn:aws:apigateway:<region>::/restapis/<id>[/stages/<name>]`` (and ``/apis/`` for v2), as AWS writes them."""
    collection, api_key = _API_GATEWAY_TYPES[type_]
    suffix = aws.dns_suffix(partition)
    if not api_key:
        api_id = hashlib.sha256(urn.encode()).hexdigest()[:10]
        outputs["id"] = api_id
        outputs["arn"] = aws.make_arn(partition, "apigateway", region, "", f"/{collection}/{api_id}")
        outputs["executionArn"] = aws.make_arn(partition, "execute-api", region, account, api_id)
        if collection == "apis":
            outputs["apiEndpoint"] = f"https://{api_id}.execute-api.{region}.{suffix}"
        return api_id, outputs
    api_id, stage = plain(checked.get(api_key)), plain(checked.get("stageName" if collection == "restapis" else "name"))
    if not (isinstance(api_id, str) and isinstance(stage, str)):
        return f"{stage}-{short_hash(urn)}", outputs  # ARN and URL stay unknown, as at preview
    resource_id = f"ags-{api_id}-{stage}" if collection == "restapis" else stage
    outputs["id"] = resource_id
    outputs["arn"] = aws.make_arn(partition, "apigateway", region, "", f"/{collection}/{api_id}/stages/{stage}")
    path = "" if stage == "$default" else stage  # the default stage is served at the root
    outputs["invokeUrl"] = f"https://{api_id}.execute-api.{region}.{suffix}/{path}"
    outputs["executionArn"] = aws.make_arn(partition, "execute-api", region, account, f"{api_id}/{stage}")
    return resource_id, outputs

