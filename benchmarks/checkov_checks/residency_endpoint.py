"""CKV_RES_2: REST APIs serve from their region (REGIONAL or PRIVATE), never from edge locations."""

from __future__ import annotations

from typing import Any

from _residency import block, strings
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class ResidencyRegionalEndpoint(BaseResourceCheck):
    """An EDGE endpoint (the default when none is given) is served through CloudFront worldwide."""

    def __init__(self) -> None:
        super().__init__(
            name="Ensure API Gateway REST APIs use a REGIONAL or PRIVATE endpoint",
            id="CKV_RES_2",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("aws_api_gateway_rest_api",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["endpoint_configuration/[0]/types"]
        types = strings(block(conf.get("endpoint_configuration")).get("types"))
        return CheckResult.PASSED if types and set(types) <= {"REGIONAL", "PRIVATE"} else CheckResult.FAILED


check = ResidencyRegionalEndpoint()
