"""Stack policies index the stack once: AnalyzeStack time grows linearly with the number of resources."""

from __future__ import annotations

import gc
import time

from policy_harness import UNKNOWN, Pack, Res
from pulumi.runtime.proto import analyzer_pb2

from residency import catalog as c

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


def timed(pack: Pack, resources: list[Res]) -> float:
    request = analyzer_pb2.AnalyzeStackRequest(resources=[r.message() for r in resources])
    # Python's cyclic GC rescans every live object on full collections, which adds a super-linear term that
    # has nothing to do with how the policies look resources up (and on what earlier tests left alive).
    # Measure the policies' own work with the collector paused.
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        response = pack.servicer.AnalyzeStack(request, None)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    assert list(response.diagnostics) == []  # the generated stack is compliant: every look-up succeeded
    return elapsed


def test_analyze_stack_is_linear_up_to_ten_thousand_resources() -> None:
    pack = Pack()
    timed(pack, stack(200))  # warm caches (config parsing, imports)
    small = min(timed(pack, stack(1_000)) for _ in range(2))
    large = timed(pack, stack(10_000))
    # Linear work gives a ratio near 10; a per-resource scan of the stack would give about 100.
    assert large / small < 20, (small, large)
