"""CKV_RES_1: every regional AWS resource runs in a region of the residency zone."""

from __future__ import annotations

from typing import Any

from _residency import GLOBAL_PREFIXES, ZONE_REGIONS, first
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class ResidencyRegion(BaseResourceCheck):
    """The resource's ``region`` (AWS provider 6 sets it on every regional resource) is in the zone."""

    def __init__(self) -> None:
        super().__init__(
            name="Ensure the resource runs in a region of the residency zone",
            id="CKV_RES_1",
            categories=(CheckCategories.GENERAL_SECURITY,),
            supported_resources=("aws_*",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["region"]
        if self.entity_type.startswith(GLOBAL_PREFIXES):
            return CheckResult.PASSED
        return CheckResult.PASSED if first(conf, "region") in ZONE_REGIONS else CheckResult.FAILED


check = ResidencyRegion()
