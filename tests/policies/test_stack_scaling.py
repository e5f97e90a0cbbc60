"""Stack policies index the stack once: their work grows linearly with the number of resources."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from policy_harness import UNKNOWN, Pack, Res
from pulumi.runtime.proto import analyzer_pb2

from residency import catalog as c
from residency.policies._memory import Memory
from residency.policies._stack import StackIndex
from residency.policies._values import Subject

ACL_ARN = "arn:aws:wafv2:eu-west-3:123456789012:regional/webacl/acl/1"


def stack(size: int) -> list[Res]:
    """A stack of ``size`` resources in groups that exercise every stack look-up (buckets, deps, WAF)."""
    acl = Res(
        c.WAFV2_WEB_ACL,
        "acl",
        {
            "arn": ACL_ARN,
            "defaultAction": {"block": {}},
            "rules": [
                {
                    "priority": 1,
                    "action": {"allow": {}},
                    "statement": {"geoMatchStatement": {"countryCodes": ["FR"]}},
                }
            ],
        },
    )
    resources = [acl]
    i = 0
    while len(resources) < size:
        bucket = Res(
            c.S3_BUCKET, f"b{i}", {"bucket": f"b{i}", "arn": f"arn:aws:s3:::b{i}", "region": "eu-west-1"}
        )
        repl = Res(c.S3_REPLICATION, f"r{i}", {"rules": [{"destination": {"bucket": f"arn:aws:s3:::b{i}"}}]})
        queue = Res("aws:sqs/queue:Queue", f"q{i}", {"arn": UNKNOWN, "region": "eu-west-3"})
        fn = Res(
            c.LAMBDA_FUNCTION,
            f"f{i}",
            {"deadLetterConfig": {"targetArn": UNKNOWN}},
            property_dependencies={"deadLetterConfig": [queue.urn]},
        )
        lb = Res(c.LB_LOAD_BALANCER, f"lb{i}", {"arn": f"arn:aws:elasticloadbalancing:eu-west-3:1:lb/{i}"})
        assoc = Res(
            c.WAFV2_WEB_ACL_ASSOCIATION, f"a{i}", {"resourceArn": lb.props["arn"], "webAclArn": ACL_ARN}
        )
        resources += [bucket, repl, queue, fn, lb, assoc]
        i += 1
    return resources[:size]


class CountingList(list[Any]):
    """A list that counts how often it is walked from start to end."""

    walks = 0

    def __iter__(self) -> Iterator[Any]:
        CountingList.walks += 1
        return super().__iter__()


def work(pack: Pack, resources: list[Res], monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """How many resources the stack policies index and how often they walk the whole stack, for one request."""
    indexed = 0
    original_init = StackIndex.__init__
    original_add = StackIndex._add

    def counting_init(self: StackIndex, subjects: Sequence[Subject], memory: Memory | None = None) -> None:
        original_init(self, CountingList(subjects), memory)

    def counting_add(self: StackIndex, subject: Subject) -> None:
        nonlocal indexed
        indexed += 1
        original_add(self, subject)

    monkeypatch.setattr(StackIndex, "__init__", counting_init)
    monkeypatch.setattr(StackIndex, "_add", counting_add)
    CountingList.walks = 0
    request = analyzer_pb2.AnalyzeStackRequest(resources=[r.message() for r in resources])
    response = pack.servicer.AnalyzeStack(request, None)
    monkeypatch.undo()
    assert list(response.diagnostics) == []  # the generated stack is compliant: every look-up succeeded
    return indexed, CountingList.walks


def test_analyze_stack_is_linear_up_to_ten_thousand_resources(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted, not timed: each stack policy indexes every resource once and walks the stack a fixed number of
    # times, whatever its size. A per-resource scan of the stack would make the walks grow with the stack.
    pack = Pack()
    small_indexed, small_walks = work(pack, stack(1_000), monkeypatch)
    large_indexed, large_walks = work(pack, stack(10_000), monkeypatch)
    assert small_walks > 0  # the instrumentation sees the stack policies' walks
    assert large_walks == small_walks
    assert small_indexed % 1_000 == 0
    assert large_indexed == 10 * small_indexed
