"""The organisation run's own logic: shards, chunks, parallel workers, and failures that stay with their stack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from audit_harness import evasion_states, shared_states

from residency import audit, backends, runner


def sources(count: int) -> list[backends.StackSource]:
    return [backends.StackSource(f"s3://org/.pulumi/stacks/p/s{i}.json", "s3", size=1000 + i) for i in range(count)]


@pytest.mark.parametrize("total", [1, 2, 3, 7])
def test_shards_are_disjoint_cover_everything_and_are_balanced(total: int) -> None:
    stacks = sources(700)
    shares = [[s for s in stacks if audit.in_shard(s, (i, total))] for i in range(1, total + 1)]
    assert sorted(s.label for share in shares for s in share) == sorted(s.label for s in stacks)
    assert all(len(share) > 700 / total * 0.7 for share in shares)


def test_a_stack_is_in_exactly_one_share_whatever_else_is_listed() -> None:
    # Membership depends on the stack's own source only: adding or removing stacks moves no other stack.
    for stack in sources(200):
        assert sum(audit.in_shard(stack, (i, 5)) for i in range(1, 6)) == 1
    alone = sources(200)[123]
    assert audit.in_shard(alone, (3, 5)) == audit.in_shard(backends.StackSource(alone.label, "file"), (3, 5))


@pytest.mark.parametrize("text", ["0/1", "2/1", "a/b", "1", "", "-1/3"])
def test_bad_shards(text: str) -> None:
    with pytest.raises(runner.RunError, match="I/N"):
        audit.parse_shard(text)


def test_chunks_cover_every_stack_in_order_and_split_the_work() -> None:
    stacks = sources(100)
    chunks = audit._chunks(stacks, 2)
    assert [i for chunk in chunks for i in chunk] == list(range(100))
    assert len(chunks) >= 2 * audit.CHUNKS_PER_WORKER


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stacks")
    for path in [*shared_states(), *evasion_states()[:14]]:
        shutil.copy(path, root / path.name)
    (root / "broken.json.gz").write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    (root / "empty.json").write_text("", encoding="utf-8")
    return root


def test_two_workers_give_what_one_gives(directory: Path) -> None:
    one = audit.run_audit([str(directory)], audit.AuditOptions(jobs=1))
    two = audit.run_audit([str(directory)], audit.AuditOptions(jobs=2))
    assert [s.__dict__ for s in one.stacks] == [s.__dict__ for s in two.stacks]
    assert one.exit_code == two.exit_code == 2
    failed = {Path(s.source).name: s.error for s in two.failed}
    assert set(failed) == {"broken.json.gz", "empty.json"}
    assert "gzip" in (failed["broken.json.gz"] or "")
    assert "not JSON" in (failed["empty.json"] or "")
    assert len(two.stacks) - len(two.failed) == len(shared_states()) + 14


def test_a_stack_the_pack_fails_on_is_reported_not_raised(directory: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    document = json.loads(shared_states()[0].read_text(encoding="utf-8"))
    resource = next(r for r in document["deployment"]["resources"] if r.get("custom") and "providers" not in r["type"])
    # An asset with nothing in it: pulumi_policy refuses to deserialize it, so the pack fails on this stack.
    resource["inputs"]["weird"] = {"4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17"}
    odd.write_text(json.dumps(document), encoding="utf-8")
    org = audit.run_audit([str(odd), str(shared_states()[1])], audit.AuditOptions(jobs=1))
    [failed] = org.failed
    assert "no path, text or uri" in (failed.error or "")
    assert org.exit_code == 2
    assert len(org.stacks) == 2
