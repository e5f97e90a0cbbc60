"""residency-region-determined, residency-data-at-rest, residency-processing, residency-control-plane."""

from __future__ import annotations

import pytest
from baselines import EU, baseline
from policy_harness import UNKNOWN, Pack, only, provider, single

from residency import catalog as c

MISSING_REGION = (
    "Provider 'default_7_51_1' has no `region`, so AWS would take the region from the environment "
    "(AWS_REGION or the profile) and residency cannot be checked; set `aws:region` or the provider's "
    f"`region`. Use a region of {EU}."
)


def test_provider_without_region_fails_on_the_provider_itself(pack: Pack) -> None:
    d = single(pack.analyze(c.AWS_PROVIDER, {"version": "7.51.1"}, name="default_7_51_1", provider=None))
    assert (d.policy, d.level, d.message) == ("residency-region-determined", "mandatory", MISSING_REGION)


def test_provider_without_region_fails_on_each_resource(pack: Pack) -> None:
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET), provider=provider(None)))
    assert (d.policy, d.level, d.message) == ("residency-region-determined", "mandatory", MISSING_REGION)


@pytest.mark.parametrize("bad", ["EU-WEST-3", " eu-west-3", "eu-west-3 ", "euwest3"])
def test_region_spelling_tricks_fail_closed_with_a_suggestion(pack: Pack, bad: str) -> None:
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region=bad)))
    assert (d.policy, d.level) == ("residency-region-determined", "mandatory")
    assert d.message == (
        "The resource's `region` is not exactly the name of an AWS region (did you mean 'eu-west-3'?); "
        "region names are matched exactly (no case folding or trimming), so it counts as outside the zone. "
        f"Use a region of {EU}."
    )


def test_provider_region_tricks_fail_closed(pack: Pack) -> None:
    d = single(pack.analyze(c.LOG_GROUP, baseline(c.LOG_GROUP), provider=provider("Eu-West-1")))
    assert d.message.startswith(
        "The `region` of provider 'default_7_51_1' is not exactly the name of an AWS "
        "region (did you mean 'eu-west-1'?)"
    )


def test_unknown_region_is_undetermined(pack: Pack) -> None:
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region=UNKNOWN)))
    assert (d.policy, d.level) == ("residency-region-determined", "mandatory")
    assert d.message == (
        f"Undetermined: The resource's `region` is unknown during preview, so residency in {EU} cannot be "
        "checked. Use a region known at preview (a literal or stack configuration)."
    )


def test_unknown_provider_region_is_undetermined(pack: Pack) -> None:
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET), provider=provider(UNKNOWN)))
    assert d.message.startswith("Undetermined: The `region` of provider 'default_7_51_1' is unknown")


AT_REST_US = (
    "Stores data in us-east-1 (United States) (from the resource's `region`) and holds customer-content "
    f"(no `data-class` tag). Store it in a region of {EU}, or tag it `data-class` with an exempt class "
    "(service-metadata, billing) if it holds no customer content."
)


def test_resource_region_wins_over_provider_region(pack: Pack) -> None:
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region="us-east-1")))
    assert (d.policy, d.level, d.message) == ("residency-data-at-rest", "mandatory", AT_REST_US)
    assert (
        pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, region="eu-west-1"), provider=provider("us-east-1"))
        == []
    )


def test_at_rest_outside_zone_from_provider(pack: Pack) -> None:
    d = single(
        pack.analyze(c.LOG_GROUP, baseline(c.LOG_GROUP), provider=provider("eu-west-2", name="london"))
    )
    assert (d.policy, d.level) == ("residency-data-at-rest", "mandatory")
    assert d.message.startswith(
        "Stores data in eu-west-2 (United Kingdom) (from the `region` of provider "
        "'london') and holds customer-content"
    )


def test_zurich_is_not_in_the_eu_zone(pack: Pack) -> None:
    d = single(pack.analyze(c.DYNAMODB_TABLE, {"name": "t"}, provider=provider("eu-central-2")))
    assert d.policy == "residency-data-at-rest"
    assert "eu-central-2 (Switzerland)" in d.message


def test_exempt_data_class_allows_storage_outside_zone(pack: Pack) -> None:
    props = baseline(c.S3_BUCKET, region="us-east-1", tags={"data-class": "billing"})
    assert pack.analyze(c.S3_BUCKET, props) == []


def test_exempt_data_class_from_provider_default_tags(pack: Pack) -> None:
    prov = provider("us-east-1", defaultTags={"tags": {"data-class": "service-metadata"}})
    assert pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET), provider=prov) == []


def test_resource_tag_overrides_provider_default_tag(pack: Pack) -> None:
    prov = provider("us-east-1", defaultTags={"tags": {"data-class": "billing"}})
    props = baseline(c.S3_BUCKET, tags={"data-class": "customer-content"})
    d = single(pack.analyze(c.S3_BUCKET, props, provider=prov))
    assert d.policy == "residency-data-at-rest"
    assert "holds customer-content (no `data-class` tag)" in d.message


def test_non_exempt_data_class_is_not_echoed(pack: Pack) -> None:
    props = baseline(c.S3_BUCKET, region="us-east-1", tags={"data-class": "patient-records-x1"})
    d = single(pack.analyze(c.S3_BUCKET, props))
    assert "carries no exempt data class" in d.message
    assert "patient-records-x1" not in d.message


def test_unknown_tags_count_as_customer_content(pack: Pack) -> None:
    prov = provider("us-east-1", defaultTags={"tags": {"data-class": "billing"}})
    d = single(pack.analyze(c.S3_BUCKET, baseline(c.S3_BUCKET, tags=UNKNOWN), provider=prov))
    assert d.policy == "residency-data-at-rest"


def test_exemptions_never_apply_to_processing(pack: Pack) -> None:
    props = baseline(c.LAMBDA_FUNCTION, region="us-east-1", tags={"data-class": "billing"})
    diags = pack.analyze(c.LAMBDA_FUNCTION, props)
    processing = [d for d in diags if d.policy == "residency-processing"]
    assert single(processing).message == (
        f"Processes requests in us-east-1 (United States) (from the resource's `region`), outside {EU}. Run "
        "it in a region of the zone; data-class tags do not exempt processing."
    )


def test_control_plane_outside_zone_is_advisory(pack: Pack) -> None:
    d = single(
        pack.analyze("aws:ec2/securityGroup:SecurityGroup", {"name": "sg"}, provider=provider("us-west-2"))
    )
    assert (d.policy, d.level) == ("residency-control-plane", "advisory")
    assert d.message == (
        "Control-plane resource in us-west-2 (United States) (from the `region` of provider "
        f"'default_7_51_1'), outside {EU}; it holds no customer content, but its configuration and names "
        "leave the zone."
    )


def test_global_control_types_are_handled_explicitly(pack: Pack) -> None:
    # IAM takes no region: the provider region does not matter, even a missing one.
    assert pack.analyze("aws:iam/role:Role", {"name": "r"}, provider=provider("us-east-1")) == []
    assert pack.analyze("aws:route53/record:Record", {"name": "a"}, provider=provider(None)) == []


def test_global_at_rest_types_fail(pack: Pack) -> None:
    d = single(pack.analyze("aws:cloudfront/keyValueStore:KeyValueStore", {"name": "kv"}))
    assert (d.policy, d.level) == ("residency-data-at-rest", "mandatory")
    assert d.message.startswith(
        "aws:cloudfront/keyValueStore:KeyValueStore is stored by a global AWS service"
    )


def test_unclassified_types_are_treated_as_at_rest(pack: Pack) -> None:
    d = single(pack.analyze("aws:brandnewservice/vault:Vault", {}, provider=provider("us-east-1")))
    assert d.policy == "residency-data-at-rest"


def test_cloudfront_scoped_waf_is_global(pack: Pack) -> None:
    props = {"scope": "CLOUDFRONT", "defaultAction": {"block": {}}}
    assert pack.analyze(c.WAFV2_WEB_ACL, props, provider=provider("us-east-1")) == []


def test_snapshot_and_ami_copies_are_judged_by_their_own_region(pack: Pack) -> None:
    for type_token in (c.EBS_SNAPSHOT_COPY, c.EC2_AMI_COPY):
        d = single(pack.analyze(type_token, baseline(type_token, region="us-west-1")))
        assert d.policy == "residency-data-at-rest"


# ------------------------------------------------------------------------------------------------------------
# residency-opaque-resource
# ------------------------------------------------------------------------------------------------------------

OPAQUE = "residency-opaque-resource"


@pytest.mark.parametrize(
    "type_token", ["pulumi-python:dynamic:Resource", "pulumi-nodejs:dynamic:Resource", "command:local:Command"]
)
def test_resources_that_run_code_of_their_own_are_violations(pack: Pack, type_token: str) -> None:
    d = single(only(pack.analyze(type_token, {}, name="exporter"), OPAQUE))
    assert d.level == "mandatory"
    assert d.message.startswith(f"{type_token} runs code of its own with the deployment's credentials")
    assert f"allow it by name or type in `allowedOpaqueResources` (for example {type_token!r})" in d.message


def test_resources_of_a_package_the_pack_cannot_place_are_undetermined(pack: Pack) -> None:
    d = single(only(pack.analyze("gcp:storage/bucket:Bucket", {"location": "US"}), OPAQUE))
    assert d.level == "mandatory"
    assert d.message.startswith("Undetermined: gcp:storage/bucket:Bucket belongs to the 'gcp' package, whose "
                                "resources the pack cannot place in a region")


@pytest.mark.parametrize(
    "type_token",
    ["random:index/randomPet:RandomPet", "tls:index/privateKey:PrivateKey", "kubernetes:core/v1:ConfigMap",
     "awsx:ec2:Vpc", "pulumi:pulumi:StackReference"],
)
def test_local_component_and_provider_placed_resources_are_not_opaque(pack: Pack, type_token: str) -> None:
    assert only(pack.analyze(type_token, {}), OPAQUE) == []


def test_reviewed_opaque_resources_are_allowed_by_name_or_type() -> None:
    pack = Pack({"allowedOpaqueResources": ["command:local:Command", "reviewed-exporter"]})
    assert only(pack.analyze("command:local:Command", {}, name="build"), OPAQUE) == []
    assert only(pack.analyze("pulumi-python:dynamic:Resource", {}, name="reviewed-exporter"), OPAQUE) == []
    assert only(pack.analyze("pulumi-python:dynamic:Resource", {}, name="other"), OPAQUE) != []
