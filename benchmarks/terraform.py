"""The peer: the same residency rule as checkov custom checks over a Terraform plan JSON of the same size.

:func:`plan` renders the resource mix as ``terraform show -json`` output (format 1.2) for AWS provider 6,
which puts a ``region`` attribute on every regional resource; the checks in ``benchmarks/checkov_checks``
(region in the zone, REGIONAL REST APIs, geo-restricted WAF web ACLs) read it. checkov is optional and big, and
its pins conflict with this project's (it downgrades ``packaging`` and ``botocore``), so it runs from its own
interpreter: the current one when ``import checkov`` works, else the one given with ``--checkov-python``.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

from benchmarks import mix

CHECKS_DIR: Final = Path(__file__).resolve().parent / "checkov_checks"
CHECK_IDS: Final = ("CKV_RES_1", "CKV_RES_2", "CKV_RES_3")

_TF_TYPES: Final = {
    "aws:kms/key:Key": "aws_kms_key",
    "aws:s3/bucket:Bucket": "aws_s3_bucket",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
        "aws_s3_bucket_server_side_encryption_configuration"
    ),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "aws_s3_bucket_public_access_block",
    "aws:dynamodb/table:Table": "aws_dynamodb_table",
    "aws:sqs/queue:Queue": "aws_sqs_queue",
    "aws:iam/role:Role": "aws_iam_role",
    "aws:cloudwatch/logGroup:LogGroup": "aws_cloudwatch_log_group",
    "aws:lambda/function:Function": "aws_lambda_function",
    "aws:apigateway/restApi:RestApi": "aws_api_gateway_rest_api",
    "aws:apigateway/method:Method": "aws_api_gateway_method",
    "aws:apigateway/integration:Integration": "aws_api_gateway_integration",
    "aws:apigateway/deployment:Deployment": "aws_api_gateway_deployment",
    "aws:apigateway/stage:Stage": "aws_api_gateway_stage",
    "aws:apigateway/methodSettings:MethodSettings": "aws_api_gateway_method_settings",
    "aws:wafv2/webAcl:WebAcl": "aws_wafv2_web_acl",
    "aws:wafv2/webAclAssociation:WebAclAssociation": "aws_wafv2_web_acl_association",
}
#: Pulumi plural list names whose Terraform block is singular.
_BLOCK_NAMES: Final = {"rules": "rule", "attributes": "attribute"}
#: Attributes that are maps in Terraform (not nested blocks).
_MAPS: Final = frozenset(("tags", "tags_all", "variables", "triggers"))
_PROVIDER: Final = "registry.terraform.io/hashicorp/aws"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _values(props: dict[str, Any]) -> dict[str, Any]:
    """Pulumi wire inputs as Terraform plan values: snake_case, nested objects as blocks (lists of one)."""
    result: dict[str, Any] = {}
    for key, value in props.items():
        if key == "code":  # an archive in Pulumi; a file and its hash in Terraform
            result["filename"] = "lambda.zip"
            result["source_code_hash"] = value.get("hash", "") if isinstance(value, dict) else ""
            continue
        name = _BLOCK_NAMES.get(key, _snake(key))
        result[name] = _value(name, value)
    return result


def _value(name: str, value: Any) -> Any:
    if isinstance(value, dict):
        return dict(value) if name in _MAPS else [_values(value)]
    if isinstance(value, list):
        return [_values(v) if isinstance(v, dict) else v for v in value]
    if name == "types" and isinstance(value, str):
        return [value]  # endpoint_configuration.types is a list in Terraform
    return value


def _address_name(name: str) -> str:
    return name.replace("-", "_")


def plan(count: int) -> dict[str, Any]:
    """A Terraform plan JSON creating ``count`` resources of the mix (whole groups, then standalone queues)."""
    resources: list[dict[str, Any]] = []
    custom = [s for s in mix.group(0) if s.custom]
    group = 0
    while len(resources) + len(custom) <= count:
        resources += [_resource(s) for s in mix.group(group) if s.custom]
        group += 1
    while len(resources) < count:
        resources.append(_resource(mix.filler(len(resources))))
    return {
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": [r["planned"] for r in resources]}},
        "resource_changes": [r["change"] for r in resources],
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": _PROVIDER,
                    "version_constraint": "~> 6.0",
                    "expressions": {"region": {"constant_value": mix.REGION}},
                }
            },
            "root_module": {},
        },
        "timestamp": "2025-01-01T00:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def _resource(spec: mix.Spec) -> dict[str, Any]:
    tf_type = _TF_TYPES[spec.type]
    name = _address_name(spec.name)
    values = _values(spec.inputs)
    if not tf_type.startswith("aws_iam_"):
        values["region"] = mix.REGION
    address = f"{tf_type}.{name}"
    planned = {
        "address": address,
        "mode": "managed",
        "type": tf_type,
        "name": name,
        "provider_name": _PROVIDER,
        "schema_version": 0,
        "values": values,
        "sensitive_values": {},
    }
    change = {
        "address": address,
        "mode": "managed",
        "type": tf_type,
        "name": name,
        "provider_name": _PROVIDER,
        "change": {
            "actions": ["create"],
            "before": None,
            "after": values,
            "after_unknown": {"id": True, "arn": True},
            "before_sensitive": False,
            "after_sensitive": {},
        },
    }
    return {"planned": planned, "change": change}


def write_plan(count: int, path: Path) -> Path:
    """Write a plan JSON of ``count`` resources."""
    path.write_text(json.dumps(plan(count)), encoding="utf-8")
    return path


def find_checkov(explicit: str | None) -> tuple[list[str] | None, str]:
    """The command that runs checkov, or ``None`` and the reason it is skipped."""
    if explicit:
        python = shutil.which(explicit) or explicit
        if not Path(python).exists():
            return None, f"--checkov-python {explicit} does not exist"
        probe = subprocess.run([python, "-c", "import checkov"], capture_output=True, check=False)
        if probe.returncode != 0:
            return None, f"{explicit} cannot import checkov"
        return [python, "-m", "checkov.main"], ""
    if importlib.util.find_spec("checkov") is None:
        return None, "checkov is not installed (import checkov failed); pass --checkov-python to a venv that has it"
    return [sys.executable, "-m", "checkov.main"], ""


def checkov_command(base: list[str], plan_file: Path, output_dir: Path) -> list[str]:
    """Run only the residency custom checks over a plan; JSON into ``output_dir/results_json.json``."""
    return [
        *base,
        "--file",
        str(plan_file),
        "--framework",
        "terraform_plan",
        "--external-checks-dir",
        str(CHECKS_DIR),
        "--check",
        ",".join(CHECK_IDS),
        "--output",
        "json",
        "--quiet",
        "--compact",
        "--skip-download",
        "--output-file-path",
        str(output_dir),
    ]


def read_results(output_dir: Path) -> dict[str, int]:
    """Passed and failed counts from the JSON checkov wrote into ``output_dir``."""
    return summarize((output_dir / "results_json.json").read_text(encoding="utf-8"))


def summarize(stdout: str) -> dict[str, int]:
    """Passed and failed counts from checkov's JSON output."""
    document = json.loads(stdout)
    reports = document if isinstance(document, list) else [document]
    passed = failed = 0
    for report in reports:
        summary = report.get("summary", {}) if isinstance(report, dict) else {}
        passed += int(summary.get("passed", 0))
        failed += int(summary.get("failed", 0))
    return {"passed": passed, "failed": failed}
