"""Exposure: every way a stack answers the internet is found, and each one is limited to the supported countries.

The reachability model (:mod:`._reach`) finds every resource that answers the internet and what can restrict it;
three rules judge them:

``exposure-geo-restriction`` (stack)
    An internet-facing endpoint that AWS WAF can protect (REST API stages of non-private APIs, internet-facing
    application load balancers, AppSync GraphQL and Event APIs, Cognito hosted UI domains through their user
    pool, App Runner services, Amplify apps) must be associated with a web ACL that blocks every request from a
    country outside the supported ones, as AWS evaluates it (:mod:`._waf`: inline rules, standalone
    ``webAclRule`` and ``webAclRuleGroupAssociation`` resources, rule groups, forwarded-IP headers, default
    action). A CloudFront distribution, multi-tenant distribution or tenant needs a geo restriction to supported
    countries or such a web ACL. An association whose ``resourceArn`` is known protects the endpoint it names
    (the real stage ARN ``arn:aws:apigateway:REGION::/restapis/ID/stages/NAME`` included); one that is unknown
    protects the single endpoint it depends on, and is undetermined when it depends on several.
``exposure-unrestrictable-endpoint`` (stack)
    An endpoint that nothing AWS enforces can limit to countries must not answer the internet: function URLs
    and v2 routes without IAM (WebSocket APIs are authorized on ``$connect`` only, as AWS allows), quick-create
    and OpenAPI-defined HTTP APIs without IAM, public Lambda permissions, network and classic load balancers,
    Transfer Family servers with a public endpoint or Elastic IPs, Global Accelerators, instances, launch
    templates, Auto Scaling groups and ECS services with a public address behind a security group open to the
    internet, publicly accessible databases whose security groups admit the internet on their port, search
    domains outside a VPC with an open access policy, and Lightsail resources.
``exposure-public-data`` (resource)
    Data must not be opened to everyone: resource policies that allow ``Principal: "*"`` without a limiting
    condition, public S3 ACLs, S3 website hosting, Block Public Access switched off, snapshots and images shared
    with ``all``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any, Final

from pulumi_policy import EnforcementLevel, Severity

from residency import catalog, model

from ._places import Ctx
from ._public import UNKNOWN_AT_PREVIEW, public_acl_paths, public_grants
from ._reach import ENDPOINT_TYPES, KINDS, Exposure, exposures, stage_api
from ._refs import lineage_of, resolve
from ._rule import Finding, Rule, Types, undetermined, violation
from ._stack import StackIndex
from ._values import UNKNOWN, Subject, as_mapping, is_true
from ._waf import Judgement, _Builder, acl_problem, effective_acl, judge

AREA = "exposure"

GEO_RESTRICTION = "exposure-geo-restriction"
UNRESTRICTABLE = "exposure-unrestrictable-endpoint"
PUBLIC_DATA = "exposure-public-data"
PUBLIC_DATA_REFERENCES = "exposure-public-data-references"

# ------------------------------------------------------------------------------------------------------------
# CloudFront geo restriction
# ------------------------------------------------------------------------------------------------------------


def geo_restriction_problem(distribution: Mapping[str, Any], supported: frozenset[str]) -> str | None:
    """Why a CloudFront ``restrictions.geoRestriction`` does not confine viewers (``None`` when it does).

    Distributions list countries in ``locations``, multi-tenant distributions in ``items``.
    """
    geo = as_mapping(as_mapping(distribution.get("restrictions")).get("geoRestriction"))
    return _geo_problem(geo, "`restrictions.geoRestriction`", supported)


def _geo_problem(geo: Mapping[str, Any], where: str, supported: frozenset[str]) -> str | None:
    kind = geo.get("restrictionType")
    locations = geo.get("locations", geo.get("items"))
    codes = (frozenset(c.strip().upper() for c in locations if isinstance(c, str))
             if isinstance(locations, list) else frozenset())
    if kind == "whitelist" and codes and codes <= supported:
        return None
    if kind == "blacklist" and (model.iso_countries() - supported) <= codes:
        return None
    if kind == "whitelist":
        return f"{where} whitelists countries outside the supported ones (or none)"
    if kind == "blacklist":
        return f"{where} blacklists only some of the unsupported countries"
    return f"{where} does not restrict viewers"


# ------------------------------------------------------------------------------------------------------------
# Which web ACL protects which endpoint
# ------------------------------------------------------------------------------------------------------------

#: Resources a ``wafv2.WebAclAssociation`` can name.
WAF_TARGETS: Final = frozenset({
    catalog.APIGW_STAGE, *catalog.APPLICATION_LOAD_BALANCERS, catalog.APPSYNC_GRAPHQL_API,
    catalog.APPSYNC_EVENT_API, catalog.COGNITO_USER_POOL, catalog.APPRUNNER_SERVICE, catalog.AMPLIFY_APP,
    "aws:verifiedaccess/instance:Instance",
})

#: The ARN API Gateway gives a REST API stage.
STAGE_ARN: Final = re.compile(r"^arn:aws[a-z-]*:apigateway:[a-z0-9-]+::/restapis/([^/]+)/stages/([^/]+)$")


class WafView:
    """The stack's web ACL associations resolved to endpoints, and the rules added to each web ACL."""

    def __init__(self, index: StackIndex) -> None:
        self.index = index
        #: endpoint URN -> (association, definite)
        self.protections: dict[str, list[tuple[Subject, bool]]] = defaultdict(list)
        self.extra: dict[str, list[Subject]] = defaultdict(list)
        self.floating: list[Subject] = []
        self._judged: dict[tuple[str, frozenset[str]], Judgement] = {}
        self._stages: dict[tuple[str, str], list[Subject]] = defaultdict(list)
        self._stages_of_api: dict[str, list[Subject]] = defaultdict(list)
        for subject in index.subjects:
            if subject.type == catalog.APIGW_STAGE:
                self._index_stage(subject)
        for subject in index.subjects:
            if subject.type == catalog.WAFV2_WEB_ACL_ASSOCIATION:
                self._add_association(subject)
            elif subject.type in (catalog.WAFV2_WEB_ACL_RULE, catalog.WAFV2_RULE_GROUP_ASSOCIATION):
                acl = self.acl_of(subject, "webAclArn")
                if acl is not None:
                    self.extra[acl.urn].append(subject)
                elif subject.props.get("webAclArn") is UNKNOWN:
                    self.floating.append(subject)

    def _index_stage(self, stage: Subject) -> None:
        name = stage.props.get("stageName")
        ids: set[str] = set()
        if isinstance(stage.props.get("restApi"), str):
            ids.add(stage.props["restApi"])
        api = stage_api(stage, self.index)
        if api is not None:
            self._stages_of_api[api.urn].append(stage)
            for value in (api.props.get("id"), api.props.get("arn")):
                if isinstance(value, str):
                    ids.add(value.rsplit("/", 1)[-1])
        for api_id in ids:
            if isinstance(name, str):
                self._stages[(api_id, name)].append(stage)

    def _targets(self, association: Subject) -> tuple[list[Subject], bool]:
        """The endpoints an association names, and whether that is certain."""
        value = association.props.get("resourceArn")
        if isinstance(value, str):
            found = self.index.by_arn.get(value)
            if found is not None and found.type in WAF_TARGETS:
                return [found], True
            matched = STAGE_ARN.match(value)
            if matched:
                stages = self._stages.get((matched.group(1), matched.group(2)), [])
                return (stages, True) if len(stages) == 1 else (stages, False)
            return [], True  # a resource outside this stack
        if value is not UNKNOWN:
            return [], True
        deps = self.index.dependencies(association, "resourceArn") or []
        candidates = [d for d in deps if d.type in WAF_TARGETS]
        if not any(d.type == catalog.APIGW_STAGE for d in candidates):
            for api in (d for d in deps if d.type == catalog.APIGW_REST_API):
                candidates += self._stages_of_api.get(api.urn, [])
        return candidates, len(candidates) == 1

    def _add_association(self, association: Subject) -> None:
        targets, definite = self._targets(association)
        for target in targets:
            self.protections[target.urn].append((association, definite))

    def acl_of(self, owner: Subject, prop: str) -> Subject | None:
        """The web ACL of this stack a property names (by ARN, or the single web ACL it depends on)."""
        value = owner.props.get(prop)
        if isinstance(value, str):
            found = self.index.by_arn.get(value)
            return found if found is not None and found.type == catalog.WAFV2_WEB_ACL else None
        deps = [d for d in self.index.dependencies(owner, prop) or [] if d.type == catalog.WAFV2_WEB_ACL]
        return deps[0] if value is UNKNOWN and len(deps) == 1 else None

    def judgement(self, acl: Subject, supported: frozenset[str]) -> Judgement:
        """Whether a web ACL of the stack keeps every unsupported country out (computed once per ACL)."""
        key = (acl.urn, supported)
        if key not in self._judged:
            effective = effective_acl(acl, self.index, self.extra.get(acl.urn, ()))
            for rule in self.floating:
                probe = _Builder(acl, self.index)
                if rule.type == catalog.WAFV2_WEB_ACL_RULE:
                    probe.add_standalone_rule(rule)
                else:
                    probe.add_group_association(rule)
                if any(step.action == "allow" for _p, _o, steps in probe.entries for step in steps):
                    effective.unknown.append(f"{_kind_of_rule(rule)} {rule.name!r}, whose web ACL is unknown at "
                                             "preview and may be this one")
            self._judged[key] = judge(effective, supported)
        return self._judged[key]


def _kind_of_rule(rule: Subject) -> str:
    return "standalone rule" if rule.type == catalog.WAFV2_WEB_ACL_RULE else "rule group association"


# ------------------------------------------------------------------------------------------------------------
# exposure-geo-restriction (stack)
# ------------------------------------------------------------------------------------------------------------

_BLOCK_ADVICE: Final = "Use default action BLOCK with ALLOW rules that geo-match supported countries only."


def _acl_findings(
    endpoint: Subject, acl_ref: Any, acl: Subject | None, waf: WafView, ctx: Ctx, what: str
) -> Iterator[Finding]:
    if acl is None:
        if acl_ref is UNKNOWN:
            yield undetermined(f"The web ACL of this {what} is unknown at preview and not a web ACL of this "
                               f"stack, so its geo restriction cannot be checked.", endpoint.urn)
        else:
            yield violation(f"The web ACL of this {what} is not a web ACL of this stack, so it cannot be "
                            "shown to block countries outside the supported ones. Define the web ACL in "
                            "this stack.",
                            endpoint.urn)
        return
    judgement = waf.judgement(acl, ctx.countries)
    if judgement.status == "leaks":
        yield violation(f"Web ACL {acl.name!r} of this {what} does not block every country outside the "
                        f"supported ones: {judgement.describe()}. {_BLOCK_ADVICE}", endpoint.urn)
    elif judgement.status == "unknown":
        yield undetermined(f"Web ACL {acl.name!r} of this {what} may not block every country outside the "
                           f"supported ones: {judgement.describe()}.", endpoint.urn)


def _waf_findings(exposure: Exposure, waf: WafView, ctx: Ctx) -> Iterator[Finding]:
    subject, label = exposure.subject, exposure.kind
    target = exposure.target
    if target is None:
        yield undetermined(f"The user pool of this {label} is not in this stack, so the web ACL that protects "
                           "it cannot be checked.", subject.urn)
        return
    protections = waf.protections.get(target.urn, [])
    definite = [a for a, sure in protections if sure]
    if not definite:
        if protections:
            names = ", ".join(repr(a.name) for a, _sure in protections)
            yield undetermined(f"WAFv2 association {names} may protect this {label} or another endpoint: its "
                               "`resourceArn` is not known and derives from several endpoints, so the one it "
                               "protects cannot be told.", subject.urn)
        elif exposure.answer.value == "maybe":
            yield undetermined(f"This {label} may be internet-facing ({exposure.answer.why}) and has no WAFv2 "
                               "web ACL association. Associate a web ACL that blocks countries outside the "
                               "supported ones.", subject.urn)
        else:
            yield violation(f"This internet-facing {label} has no WAFv2 web ACL association, so "
                            "requests from any country reach it. Associate a web ACL that blocks countries "
                            "outside the supported ones.", subject.urn)
        return
    for association in definite:
        ref = association.props.get("webAclArn")
        yield from _acl_findings(subject, ref, waf.acl_of(association, "webAclArn"), waf, ctx, label)


def _cloudfront_findings(exposure: Exposure, waf: WafView, ctx: Ctx) -> Iterator[Finding]:
    subject = exposure.subject
    label = exposure.kind
    geo: Mapping[str, Any]
    acl_owner, acl_prop = subject, "webAclId"
    acl_ref: Any = subject.props.get("webAclId")
    where = "`restrictions.geoRestriction`"
    if subject.type == catalog.CLOUDFRONT_DISTRIBUTION_TENANT:
        found = [d for d in waf.index.dependencies(subject, "distributionId") or []
                 if d.type == catalog.CLOUDFRONT_MULTITENANT_DISTRIBUTION]
        parent = found[0] if len(found) == 1 else None
        customizations = subject.props.get("customizations")
        if customizations is UNKNOWN:
            yield undetermined(f"`customizations` of this {label} is unknown at preview, so its geo restriction "
                               "and web ACL cannot be checked.", subject.urn)
            return
        custom = as_mapping(customizations)
        own_geo = as_mapping(custom.get("geoRestriction"))
        if own_geo:
            geo, where = own_geo, "`customizations.geoRestriction`"
        elif parent is not None:
            geo = as_mapping(as_mapping(parent.props.get("restrictions")).get("geoRestriction"))
        else:
            geo = {}
        acl_custom = as_mapping(custom.get("webAcl"))
        if str(acl_custom.get("action") or "").lower() == "disable":
            acl_ref = ""
        elif acl_custom.get("arn") not in (None, ""):
            acl_owner, acl_prop, acl_ref = subject, "customizations", acl_custom.get("arn")
        elif parent is not None:
            acl_owner, acl_ref = parent, parent.props.get("webAclId")
        else:
            acl_ref = UNKNOWN if not found else ""
    else:
        geo = as_mapping(as_mapping(subject.props.get("restrictions")).get("geoRestriction"))
    problem = _geo_problem(geo, where, ctx.countries)
    if problem is None:
        return
    if acl_ref in (None, ""):
        yield violation(f"This {label} serves every country: {problem} and it has no web ACL. Whitelist "
                        "supported countries only, or attach a blocking web ACL.", subject.urn)
        return
    acl = waf.acl_of(acl_owner, acl_prop) if acl_prop == "webAclId" else _acl_by_arn(waf, acl_ref)
    yield from _acl_findings(subject, acl_ref, acl, waf, ctx, label)


def _acl_by_arn(waf: WafView, value: Any) -> Subject | None:
    found = waf.index.by_arn.get(value) if isinstance(value, str) else None
    return found if found is not None and found.type == catalog.WAFV2_WEB_ACL else None


def geo_restriction_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Every internet-facing endpoint that can be geo-restricted is confined to the supported countries."""
    waf = WafView(index)
    for exposure in exposures(index, ("waf", "cloudfront")):
        if exposure.front == "cloudfront":
            yield from _cloudfront_findings(exposure, waf, ctx)
        else:
            yield from _waf_findings(exposure, waf, ctx)


_GEO_TYPES: Final = tuple(sorted(t for t, k in KINDS.items() if k.front in ("waf", "cloudfront")))

EXPOSURE_GEO_RESTRICTION_RULE = Rule(
    name=GEO_RESTRICTION,
    area=AREA,
    description="Internet-facing endpoints must be geo-restricted to the supported countries.",
    types=Types(frozenset({*_GEO_TYPES, catalog.WAFV2_WEB_ACL_ASSOCIATION, catalog.WAFV2_WEB_ACL,
                           catalog.WAFV2_WEB_ACL_RULE, catalog.WAFV2_RULE_GROUP_ASSOCIATION,
                           catalog.WAFV2_RULE_GROUP, catalog.WAFV2_IP_SET}),
                label="endpoints AWS WAF or CloudFront can restrict (REST API stages, application load "
                      "balancers, AppSync GraphQL and Event APIs, Cognito hosted UI domains, App Runner "
                      "services, Amplify apps, CloudFront distributions and tenants), and the WAFv2 web ACLs, "
                      "rules, rule groups, IP sets and associations that restrict them"),
    scope="stack",
    check=geo_restriction_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Associate each internet-facing REST API stage, application load balancer, AppSync API, App Runner "
        "service, Amplify app and Cognito user pool with a WAFv2 web ACL whose default action is BLOCK and whose "
        "ALLOW rules geo-match supported countries only (on the client's IP, not a forwarded-IP header); give "
        "CloudFront distributions a geo-restriction whitelist of supported countries, or such a web ACL."
    ),
)

# ------------------------------------------------------------------------------------------------------------
# exposure-unrestrictable-endpoint (stack)
# ------------------------------------------------------------------------------------------------------------


def unrestrictable_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Endpoints no web ACL or geo restriction can cover must not answer the internet."""
    for exposure in exposures(index, ("none",)):
        why = exposure.answer.why or "it depends on values not known here"
        if exposure.answer.yes:
            yield violation(f"This {exposure.kind} answers the internet and cannot be geo-restricted: {why}. "
                            f"{exposure.fix}", exposure.subject.urn)
        else:
            yield undetermined(f"This {exposure.kind} may answer the internet, and it cannot be geo-restricted: "
                               f"{why}. {exposure.fix}", exposure.subject.urn)


#: Load balancers are application (geo-restrictable) or network (not) by `loadBalancerType`: both rules see them.
_UNRESTRICTABLE_TYPES: Final = tuple(sorted({*(t for t, k in KINDS.items() if k.front == "none"),
                                             *catalog.APPLICATION_LOAD_BALANCERS}))

EXPOSURE_UNRESTRICTABLE_ENDPOINT_RULE = Rule(
    name=UNRESTRICTABLE,
    area=AREA,
    description="Endpoints that cannot be geo-restricted must be private or limited to IAM-authorized "
                "callers.",
    types=Types(frozenset(_UNRESTRICTABLE_TYPES),
                label="endpoints nothing can geo-restrict: function URLs and Lambda permissions, HTTP and "
                      "WebSocket APIs and routes, network and classic load balancers, Transfer servers, Global "
                      "Accelerators, EC2 instances, launch templates and configurations, Auto Scaling groups, "
                      "ECS services, databases (RDS, Redshift, Neptune, DMS, MQ, Lightsail), OpenSearch and "
                      "Elasticsearch domains, Lightsail instances, container services, distributions and load "
                      "balancers"),
    scope="stack",
    check=unrestrictable_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Use AWS_IAM authorization on function URLs and API Gateway v2 routes (`$connect` for WebSocket APIs), "
        "make network and classic load balancers internal, use VPC endpoints without Elastic IPs for Transfer "
        "Family, keep instances, tasks and databases in private subnets without public addresses or with "
        "security groups closed to the internet, put search domains in a VPC, and serve public traffic through "
        "a REST API stage, application load balancer or CloudFront distribution with a geo-restricting web ACL."
    ),
)

# ------------------------------------------------------------------------------------------------------------
# exposure-public-data (resource)
# ------------------------------------------------------------------------------------------------------------

#: Resource policies, per type: a statement that allows everyone opens the resource to the world.
POLICY_PATHS: Final[Mapping[str, tuple[str, ...]]] = {
    catalog.S3_BUCKET: ("policy",),
    catalog.S3_BUCKET_V2: ("policy",),
    catalog.S3_BUCKET_POLICY: ("policy",),
    "aws:s3control/bucketPolicy:BucketPolicy": ("policy",),
    "aws:s3/accessPoint:AccessPoint": ("policy",),
    "aws:s3control/accessPointPolicy:AccessPointPolicy": ("policy",),
    "aws:sqs/queue:Queue": ("policy",),
    "aws:sqs/queuePolicy:QueuePolicy": ("policy",),
    "aws:sns/topic:Topic": ("policy",),
    "aws:sns/topicPolicy:TopicPolicy": ("policy",),
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ("policy",),
    "aws:secretsmanager/secret:Secret": ("policy",),
    "aws:secretsmanager/secretPolicy:SecretPolicy": ("policy",),
    catalog.KMS_KEY: ("policy",),
    "aws:kms/keyPolicy:KeyPolicy": ("policy",),
    "aws:efs/fileSystemPolicy:FileSystemPolicy": ("policy",),
    "aws:glacier/vault:Vault": ("accessPolicy",),
    "aws:backup/vaultPolicy:VaultPolicy": ("policy",),
    "aws:dynamodb/resourcePolicy:ResourcePolicy": ("policy",),
    "aws:kinesis/resourcePolicy:ResourcePolicy": ("policy",),
    "aws:glue/resourcePolicy:ResourcePolicy": ("policy",),
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": ("policy",),
}

#: Types whose ACLs (canned ``acl``, ``grants``, ``accessControlPolicy.grants``) may be public.
ACL_TYPES: Final = frozenset({catalog.S3_BUCKET, catalog.S3_BUCKET_V2, catalog.S3_BUCKET_ACL,
                              catalog.S3_BUCKET_ACL_V2})
_BLOCK_FLAGS: Final = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
LAYER_PERMISSION: Final = "aws:lambda/layerVersionPermission:LayerVersionPermission"
#: Snapshot, image and layer types and the property that shares them with other accounts.
SHARING: Final[Mapping[str, str]] = {
    catalog.RDS_SNAPSHOT: "sharedAccounts",
    catalog.RDS_SNAPSHOT_COPY: "sharedAccounts",
    catalog.RDS_CLUSTER_SNAPSHOT: "sharedAccounts",
    catalog.RDS_CLUSTER_SNAPSHOT_COPY: "sharedAccounts",
    catalog.EC2_AMI_LAUNCH_PERMISSION: "group",
    catalog.EC2_SNAPSHOT_CREATE_VOLUME_PERMISSION: "accountId",
    LAYER_PERMISSION: "principal",
}
_GUARDS: Final = (catalog.EBS_SNAPSHOT_BLOCK_PUBLIC_ACCESS, catalog.EC2_IMAGE_BLOCK_PUBLIC_ACCESS)
_WEBSITES: Final = (catalog.S3_BUCKET_WEBSITE, catalog.S3_BUCKET_WEBSITE_V2)


def _policy_findings(subject: Subject) -> Iterator[Finding]:
    for path in POLICY_PATHS.get(subject.type, ()):
        value = subject.props.get(path)
        if value in (None, ""):
            continue
        for grant in public_grants(value):
            if grant.undetermined == UNKNOWN_AT_PREVIEW:
                continue  # judged with the stack: exposure-public-data-references
            if grant.undetermined:
                yield undetermined(f"`{path}` {grant.undetermined}; a statement allowing everyone would open this "
                                   "resource to any country.")
            else:
                yield violation(f"`{path}` statement #{grant.statement} allows everyone (`Principal` \"*\") with "
                                "no condition limiting it to your accounts, organisation, networks or source "
                                "resources, so anyone can use this resource from any country. Name the "
                                "principals, or add such a condition.")


def _shared(values: Any) -> list[Any]:
    return [v for v in (values if isinstance(values, list) else [values]) if v is UNKNOWN or (
        isinstance(v, str) and v.strip().lower() in ("all", "*"))]


def public_data_check(subject: Subject, ctx: Ctx) -> Iterator[Finding]:
    """No resource policy, ACL, website or sharing setting opens data to everyone."""
    props = subject.props
    yield from _policy_findings(subject)
    if subject.type in ACL_TYPES:
        for path, doubtful in public_acl_paths(props):
            if doubtful:
                yield undetermined(f"`{path}` is unknown at preview; a public ACL would let anyone read or write "
                                   "the bucket from any country.")
            else:
                yield violation(f"`{path}` grants everyone (or every AWS account) access to the bucket from any "
                                "country. Remove the grant and keep ACLs disabled (`BucketOwnerEnforced`).")
    if subject.type in (catalog.S3_BUCKET_PUBLIC_ACCESS_BLOCK, catalog.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK):
        unset = [f for f in _BLOCK_FLAGS if props.get(f) is UNKNOWN]
        off = [f for f in _BLOCK_FLAGS if props.get(f) is not UNKNOWN and not is_true(props.get(f))]
        scope = "the account's buckets" if subject.type == catalog.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK else "the bucket"
        if off:
            yield violation(f"{', '.join(f'`{f}`' for f in off)} {'is' if len(off) == 1 else 'are'} not true, so "
                            f"Block Public Access no longer keeps {scope} from being made public by a policy or "
                            "an ACL. Set all four settings to true.")
        elif unset:
            yield undetermined(f"{', '.join(f'`{f}`' for f in unset)} unknown at preview; Block Public Access "
                               f"may not keep {scope} private.")
    if subject.type in catalog.S3_BUCKET_TYPES or subject.type in _WEBSITES:
        website = props.get("website") if subject.type in catalog.S3_BUCKET_TYPES else props
        if website is UNKNOWN:
            yield undetermined("`website` is unknown at preview; S3 website hosting would serve the bucket to "
                               "every country.")
        elif as_mapping(website) and as_mapping(website).get("redirectAllRequestsTo") in (None, "", {}) and (
            subject.type in _WEBSITES or any(v not in (None, "", []) for v in as_mapping(website).values())
        ):
            where = "This website configuration" if subject.type in _WEBSITES else "`website`"
            yield violation(f"{where} serves the bucket over an S3 website endpoint, which answers every country "
                            "and cannot carry a web ACL or geo restriction. Serve the content through CloudFront "
                            "with origin access control and a geo restriction instead.")
    share = SHARING.get(subject.type)
    if share is not None:
        value = props.get(share)
        if subject.type == LAYER_PERMISSION:
            shared = [value] if value is UNKNOWN or (value == "*" and props.get("organizationId") in (None, "")) \
                else []
        else:
            shared = _shared(value)
        for item in shared:
            if item is UNKNOWN:
                yield undetermined(f"`{share}` is unknown at preview; sharing with every AWS account would make "
                                   "this public.")
            else:
                yield violation(f"`{share}` shares this with every AWS account, so anyone can copy the data to any "
                                "region or country. Share with named accounts or your organisation only.")
    if subject.type in _GUARDS:
        state = props.get("state")
        if state is UNKNOWN:
            yield undetermined("`state` is unknown at preview; unblocked public sharing lets snapshots or images "
                               "be made public.")
        elif state == "unblocked":
            yield violation("`state` is unblocked, so snapshots or images of this region can be shared with every "
                            "AWS account. Set it to block-all-sharing or block-new-sharing.")


_PUBLIC_DATA_TYPES: Final = frozenset({*POLICY_PATHS, *ACL_TYPES, catalog.S3_BUCKET_PUBLIC_ACCESS_BLOCK,
                                       catalog.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, *_WEBSITES, *SHARING, *_GUARDS})

EXPOSURE_PUBLIC_DATA_RULE = Rule(
    name=PUBLIC_DATA,
    area=AREA,
    description="Resource policies, ACLs, S3 website hosting and sharing settings must not open data to everyone.",
    types=Types(_PUBLIC_DATA_TYPES,
                label="resources with resource policies (S3, SQS, SNS, ECR, Secrets Manager, KMS, EFS, Glacier, "
                      "Backup, DynamoDB, Kinesis, Glue, EventBridge), S3 ACLs, public access blocks and website "
                      "configurations, RDS snapshots, AMI and EBS snapshot permissions and their block-public-"
                      "access settings, Lambda layer permissions"),
    scope="resource",
    check=public_data_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Name the principals of resource policies (or limit them with aws:PrincipalOrgID, aws:SourceArn, "
        "aws:SourceVpce or fixed source IPs), keep S3 Block Public Access on and ACLs disabled, serve S3 content "
        "through CloudFront with origin access control and a geo restriction, and share snapshots and images "
        "with named accounts only."
    ),
)


# ------------------------------------------------------------------------------------------------------------
# exposure-public-data-references (stack)
# ------------------------------------------------------------------------------------------------------------

#: The Block Public Access settings under which no bucket policy can open a bucket: S3 refuses a public policy
#: (``blockPublicPolicy``) and ignores one already there (``restrictPublicBuckets``).
_POLICY_GUARDS: Final = ("blockPublicPolicy", "restrictPublicBuckets")
_POLICY_BUCKET: Final[Mapping[str, str]] = {catalog.S3_BUCKET_POLICY: "bucket", catalog.S3_BUCKET: "",
                                            catalog.S3_BUCKET_V2: ""}


def _guards_policies(block: Subject) -> bool:
    return all(is_true(block.props.get(flag)) for flag in _POLICY_GUARDS)


def _policy_guarded(index: StackIndex) -> frozenset[str]:
    """URNs of the buckets whose public access block, known in this stack, keeps any bucket policy private.

    A bucket policy built from ARNs of resources being created is unknown at preview; under such a block its
    content cannot open the bucket, so it is not undetermined. ``"*"`` stands for every bucket (the account's
    block). A block whose bucket cannot be resolved guards nothing.
    """
    guarded: set[str] = set()
    for block in index.subjects:
        if block.type == catalog.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK and _guards_policies(block):
            guarded.add("*")
        elif block.type == catalog.S3_BUCKET_PUBLIC_ACCESS_BLOCK and _guards_policies(block):
            found = resolve(index, block, "bucket", block.props.get("bucket"), catalog.S3_BUCKET_TYPES)
            if not found.unresolved:
                guarded.update(bucket.urn for bucket in found.found)
    return frozenset(guarded)


def _bucket_guarded(index: StackIndex, subject: Subject, guarded: frozenset[str]) -> bool:
    if subject.type not in _POLICY_BUCKET or not guarded:
        return False
    if "*" in guarded:
        return True
    if subject.type in catalog.S3_BUCKET_TYPES:
        return subject.urn in guarded
    found = resolve(index, subject, "bucket", subject.props.get("bucket"), catalog.S3_BUCKET_TYPES)
    return not found.unresolved and bool(found.found) and all(b.urn in guarded for b in found.found)


def _outside(index: StackIndex, subject: Subject, path: str) -> str:
    """Why a document unknown at preview cannot be decided when the resource is created, or ``""``.

    A document built from identifiers of this stack's resources is known when ``pulumi up`` analyzes the resource,
    before creating it, and ``exposure-public-data`` judges it then (``residency check`` does in its up pass).
    One built from another stack's outputs or from something the pack cannot follow is undetermined.
    """
    for step in lineage_of(index, subject, path):
        if isinstance(step, str):
            return step
    return ""


def public_data_references_check(index: StackIndex, ctx: Ctx) -> Iterator[Finding]:
    """Resource policies unknown at preview derive from this stack, or Block Public Access keeps them private."""
    guarded = _policy_guarded(index)
    for subject in index.subjects:
        for path in POLICY_PATHS.get(subject.type, ()):
            value = subject.props.get(path)
            if value in (None, "") or not any(g.undetermined == UNKNOWN_AT_PREVIEW for g in public_grants(value)):
                continue
            if _bucket_guarded(index, subject, guarded):
                continue
            why = _outside(index, subject, path)
            if why:
                yield undetermined(f"`{path}` is unknown at preview and {why}; a statement allowing everyone "
                                   "would open this resource to any country.", subject.urn)


EXPOSURE_PUBLIC_DATA_REFERENCES_RULE = Rule(
    name=PUBLIC_DATA_REFERENCES,
    area=AREA,
    description="Resource policies unknown at preview must derive from resources of this stack (judged before "
                "creation) or be kept private by S3 Block Public Access.",
    types=Types(frozenset(POLICY_PATHS), label="resources with resource policies"),
    scope="stack",
    check=public_data_references_check,
    level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation=(
        "Build resource policies in the program from resources of this stack, not from other stacks' outputs; "
        "for S3, keep blockPublicPolicy and restrictPublicBuckets on in the bucket's public access block."
    ),
)

RULES = (EXPOSURE_GEO_RESTRICTION_RULE, EXPOSURE_UNRESTRICTABLE_ENDPOINT_RULE, EXPOSURE_PUBLIC_DATA_RULE,
         EXPOSURE_PUBLIC_DATA_REFERENCES_RULE)

__all__ = ["ENDPOINT_TYPES", "GEO_RESTRICTION", "PUBLIC_DATA", "PUBLIC_DATA_REFERENCES", "RULES", "UNRESTRICTABLE",
           "WafView", "acl_problem", "geo_restriction_problem"]
