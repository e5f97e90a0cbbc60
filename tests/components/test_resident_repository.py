"""ResidentRepository: ECR in the pinned region, KMS with the resident key, immutable tags, scan on push."""

from __future__ import annotations

import pytest

from residency.components import ComponentArgumentError, PinnedProvider, ResidentKey, ResidentRepository

REPOSITORY = "aws:ecr/repository:Repository"


def build(key_region: str = "eu-west-3", **args):
    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        key_pinned = pinned if key_region == "eu-west-3" else PinnedProvider("other", {"region": key_region})
        key = ResidentKey("images", {"provider": key_pinned})
        ResidentRepository("web", {"provider": pinned, "key": key, **args})

    return program


def test_repository_is_resident_encrypted_immutable_and_scanned(program) -> None:
    recording = program(build())
    repository = recording.one(REPOSITORY)
    assert recording.provider_region(repository) == "eu-west-3"
    key_arn = recording.one("aws:kms/key:Key").state["arn"]
    assert key_arn.startswith("arn:aws:kms:eu-west-3:")
    assert repository.inputs["encryptionConfigurations"] == [{"encryptionType": "KMS", "kmsKey": key_arn}]
    assert repository.inputs["imageTagMutability"] == "IMMUTABLE"
    assert "imageTagMutabilityExclusionFilters" not in repository.inputs
    assert repository.inputs["imageScanningConfiguration"] == {"scanOnPush": True}
    assert repository.inputs["forceDelete"] is False
    assert repository.inputs["tags"] == {"data-class": "customer-content"}


def test_nothing_replicates_or_opens_the_repository(program) -> None:
    recording = program(build())
    assert [r.type for r in recording.custom()] == ["aws:kms/key:Key", REPOSITORY]
    for forbidden in (
        "aws:ecr/replicationConfiguration:ReplicationConfiguration",
        "aws:ecr/repositoryPolicy:RepositoryPolicy",
        "aws:ecr/registryPolicy:RegistryPolicy",
        "aws:ecr/pullThroughCacheRule:PullThroughCacheRule",
    ):
        assert recording.of_type(forbidden) == []


def test_outputs(program) -> None:
    recording = program(build(force_delete=True))
    assert recording.one(REPOSITORY).inputs["forceDelete"] is True
    outputs = recording.one("residency:components:ResidentRepository").outputs
    repository = recording.one(REPOSITORY)
    assert outputs["repository_url"] == repository.state["repositoryUrl"]
    assert outputs["repository_url"].startswith("123456789012.dkr.ecr.eu-west-3.amazonaws.com/")
    assert outputs["repository_arn"] == repository.state["arn"]
    assert outputs["repository_name"] == repository.state["name"]
    assert outputs["registry_id"] == "123456789012"
    assert outputs["region"] == "eu-west-3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"key_region": "eu-central-1"},
            "ResidentRepository 'web': key: the key is in 'eu-central-1' but the repository is in 'eu-west-3'; "
            "ECR encrypts with a key of the repository's own region.",
        ),
        ({"force_delete": "no"}, "ResidentRepository 'web': force_delete: 'no' is not True or False."),
        ({"data_class": " x"}, "ResidentRepository 'web': data_class: ' x' is not a data class"),
        ({"image_tag_mutability": "MUTABLE"}, "image_tag_mutability: tags are always IMMUTABLE"),
        ({"replication_regions": ["us-east-1"]}, "replication_regions: images are never replicated"),
        ({"scan_on_push": False}, "scan_on_push: every pushed image is always scanned."),
        (
            {"kms_key": "alias/aws/ecr"},
            "kms_key: not an argument of ResidentRepository; did you mean 'key'? the arguments are data_class, "
            "force_delete, key, provider.",
        ),
    ],
)
def test_refusals_before_any_repository_resource(refused, args, message: str) -> None:
    error, recording = refused(build(**args))
    assert isinstance(error, ComponentArgumentError)
    assert message in str(error)
    assert recording.of_type(REPOSITORY) == []
    assert recording.of_type("residency:components:ResidentRepository") == []


def test_key_must_be_a_resident_key(refused) -> None:
    def program() -> None:
        pinned = PinnedProvider("paris", {"region": "eu-west-3"})
        ResidentRepository("web", {"provider": pinned, "key": "alias/aws/ecr"})  # type: ignore[typeddict-item]

    error, _ = refused(program)
    assert "ResidentRepository 'web': key: pass a ResidentKey created in the repository's region." in str(error)


def test_region_outside_the_zone_is_refused_by_the_provider(refused) -> None:
    def program() -> None:
        pinned = PinnedProvider("virginia", {"region": "us-east-1"})
        ResidentRepository("web", {"provider": pinned, "key": ResidentKey("k", {"provider": pinned})})

    error, recording = refused(program)
    assert "PinnedProvider 'virginia': region: region 'us-east-1' is outside the residency zone 'eu'" in str(error)
    assert recording.resources == []
