"""CKV_RES_3: regional WAF web ACLs block by default and allow only supported countries."""

from __future__ import annotations

from typing import Any

from _residency import SUPPORTED_COUNTRIES, block, first, strings
from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


class ResidencyGeoRestriction(BaseResourceCheck):
    """Default action block; every geo match allows only countries of the supported set."""

    def __init__(self) -> None:
        super().__init__(
            name="Ensure WAF web ACLs default-block and geo-match only supported countries",
            id="CKV_RES_3",
            categories=(CheckCategories.NETWORKING,),
            supported_resources=("aws_wafv2_web_acl",),
        )

    def scan_resource_conf(self, conf: dict[str, list[Any]]) -> CheckResult:
        self.evaluated_keys = ["default_action", "rule"]
        if first(conf, "scope") != "REGIONAL" or "block" not in block(conf.get("default_action")):
            return CheckResult.FAILED
        rules = conf.get("rule") or []
        found = False
        for rule in rules if isinstance(rules, list) else []:
            statement = block(block(rule).get("statement"))
            geo = block(statement.get("geo_match_statement"))
            if not geo:
                continue
            found = True
            if not set(strings(geo.get("country_codes"))) <= SUPPORTED_COUNTRIES:
                return CheckResult.FAILED
        return CheckResult.PASSED if found else CheckResult.FAILED


check = ResidencyGeoRestriction()
