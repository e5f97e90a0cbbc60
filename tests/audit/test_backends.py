"""Stack discovery and reading: files, directories, DIY backends (both layouts, gzip), and what is skipped."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from audit_harness import backend_files, sample_stacks, shared_states, write_tree

from residency import backends


def labels(found: backends.Discovery) -> list[str]:
    return [s.label for s in found.sources]


@pytest.mark.parametrize("gzip_on", [False, True])
def test_project_layout_lists_each_stack_once(tmp_path: Path, gzip_on: bool) -> None:
    root = write_tree(tmp_path / "backend", backend_files(sample_stacks(), gzip_on=gzip_on))
    found = backends.discover([f"file://{root}"])
    assert not found.problems
    assert [s.hint for s in found.sources] == ["identity/prod", "payments/prod", "payments/staging"]
    suffix = ".json.gz" if gzip_on else ".json"
    assert all(s.label.endswith(suffix) and "/.pulumi/stacks/" in s.label for s in found.sources)
    for source in found.sources:
        document = json.loads(backends.read_state(source))
        assert document["checkpoint"]["stack"].endswith(source.hint)


def test_legacy_layout_without_meta_yaml(tmp_path: Path) -> None:
    stacks = {
        ("any", "dev"): sample_stacks()[("payments", "prod")],
        ("any", "prod"): sample_stacks()[("identity", "prod")],
    }
    root = write_tree(tmp_path / "legacy", backend_files(stacks, legacy=True))
    found = backends.discover([str(root)])
    assert [s.hint for s in found.sources] == ["dev", "prod"]


def test_project_layout_ignores_legacy_files_and_the_reverse(tmp_path: Path) -> None:
    # Pulumi reads one layout per backend: files of the other layout are not stacks of it.
    files = backend_files({("p", "one"): sample_stacks()[("payments", "prod")]})
    files[".pulumi/stacks/stray.json"] = files[".pulumi/stacks/p/one.json"]
    root = write_tree(tmp_path / "b", files)
    assert [s.hint for s in backends.discover([str(root)]).sources] == ["p/one"]
    (root / ".pulumi" / "meta.yaml").unlink()
    assert [s.hint for s in backends.discover([str(root)]).sources] == ["stray"]


def test_the_pulumi_folder_itself_is_a_backend(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "b", backend_files(sample_stacks()))
    assert len(backends.discover([str(root / ".pulumi")]).sources) == 3


def test_newer_file_wins_when_gzip_was_switched(tmp_path: Path) -> None:
    stacks = {("p", "s"): sample_stacks()[("payments", "prod")]}
    root = write_tree(tmp_path / "b", backend_files(stacks, gzip_on=True))
    plain = root / ".pulumi/stacks/p/s.json"
    plain.write_bytes(json.dumps({"version": 3, "deployment": {"resources": []}}).encode())
    old = root / ".pulumi/stacks/p/s.json.gz"
    os.utime(old, (1_600_000_000, 1_600_000_000))
    [source] = backends.discover([str(root)]).sources
    assert source.label == str(plain)
    os.utime(plain, (1_500_000_000, 1_500_000_000))
    [source] = backends.discover([str(root)]).sources
    assert source.label == str(old)


def test_plain_directory_holds_exports_and_backends(tmp_path: Path) -> None:
    (tmp_path / "team-a").mkdir()
    for path in shared_states()[:2]:
        (tmp_path / "team-a" / path.name).write_bytes(path.read_bytes())
    (tmp_path / "team-b.json.gz").write_bytes(gzip.compress(shared_states()[2].read_bytes()))
    (tmp_path / "notes.txt").write_text("not a state")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.json").write_text("{}")
    write_tree(tmp_path / "diy", backend_files({("p", "s"): sample_stacks()[("identity", "prod")]}))
    found = backends.discover([str(tmp_path)])
    names = [Path(label).name for label in labels(found)]
    # Each folder's files, then its subfolders in name order; the backend's stacks come from its layout.
    assert names == ["team-b.json.gz", "s.json", *sorted(p.name for p in shared_states()[:2])]


def test_missing_inputs_and_unknown_schemes_are_problems(tmp_path: Path) -> None:
    found = backends.discover([str(tmp_path / "absent.json"), "gs://bucket", f"file://{tmp_path}/nope"])
    assert not found.sources
    reasons = [p.reason for p in found.problems]
    assert "No such file or directory" in reasons[0]
    assert "gs:// backend is not supported" in reasons[1]
    assert "is not a directory" in reasons[2]


def test_an_empty_backend_has_no_stacks(tmp_path: Path) -> None:
    (tmp_path / ".pulumi").mkdir()
    (tmp_path / ".pulumi" / "meta.yaml").write_text("version: 1\n")
    found = backends.discover([f"file://{tmp_path}"])
    assert found.sources == []
    assert found.problems == []


def test_meta_yaml_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    root = write_tree(tmp_path, backend_files(sample_stacks()))
    (root / ".pulumi" / "meta.yaml").write_text("version: 7\n")
    [problem] = backends.discover([str(root)]).problems
    assert "version 7" in problem.reason


def test_zstd_and_broken_gzip_are_read_errors(tmp_path: Path) -> None:
    zstd = tmp_path / "s.json.zst"
    zstd.write_bytes(b"\x28\xb5\x2f\xfd" + b"\0" * 20)
    broken = tmp_path / "b.json.gz"
    broken.write_bytes(gzip.compress(b'{"version": 3}')[:-6])
    with pytest.raises(backends.BackendError, match="zstd"):
        backends.read_state(backends.StackSource(str(zstd), "file", str(zstd)))
    with pytest.raises(backends.BackendError, match=r"truncated gzip|not a valid gzip"):
        backends.read_state(backends.StackSource(str(broken), "file", str(broken)))


def test_a_gzip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(gzip.compress(b" " * 5_000_000))
    source = backends.StackSource(str(bomb), "file", str(bomb), bomb.stat().st_size)
    with pytest.raises(backends.BackendError, match="inflates to more than"):
        backends.read_state(source, max_bytes=1_000_000)


def test_single_stack_inputs() -> None:
    assert backends.is_single_stack_input(["state.json"])
    assert backends.is_single_stack_input(["-"])
    assert not backends.is_single_stack_input(["a.json", "b.json"])
    assert not backends.is_single_stack_input(["s3://bucket"])
    assert not backends.is_single_stack_input(["file:///tmp"])
    assert not backends.is_single_stack_input([str(Path(__file__).parent)])


def test_s3_urls() -> None:
    location, prefix = backends.parse_s3_url(
        "s3://states/org/prod?region=eu-west-3&endpoint=minio:9000&disableSSL=true", None
    )
    assert (location.bucket, prefix, location.region, location.endpoint_url) == (
        "states",
        "org/prod",
        "eu-west-3",
        "http://minio:9000",
    )
    location, prefix = backends.parse_s3_url("s3://states", "https://s3.example.test")
    assert (location.bucket, prefix, location.endpoint_url) == ("states", "", "https://s3.example.test")
    with pytest.raises(backends.BackendError, match="names no bucket"):
        backends.parse_s3_url("s3:///prefix", None)
