"""In-process evaluation yields exactly what the engine protocol yields, on real and adversarial states.

This guards ``residency/inprocess.py`` (and its port to the next pack API): the same diagnostics, in the same
order, with the same policies, levels, URNs and messages, as ``session.run_pack`` in check mode against the
pack running in its own process. States: the shared real exports, and exports of the 42 evasion programs (one
per case with the default configuration; all of them combined in one stack with the other configurations), and
a small state holding every odd wire form (secrets, typed unknowns, archives, references, big integers).
Configurations: the default, everything advisory, undetermined findings advisory (the router policies), the
shipped FR and GB examples, and one with a disabled policy, a remediate level and a mandatory control plane.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from audit_harness import (
    POLICY_CONFIGS,
    combined_evasion_state,
    evasion_states,
    odd_values_state,
    shared_states,
)

from residency import inprocess, runner
from residency.engine import policy_config as engine_config
from residency.engine import session, state
from residency.engine.pack_process import Diagnostic

SECRET = "1b47061264138c4ac30d75fd1eb44270"
CONFIGS: dict[str, dict[str, Any]] = {
    "default": {},
    "all-advisory": {"all": "advisory"},
    "undetermined-advisory": json.loads((POLICY_CONFIGS / "eu-strict-undetermined-advisory.json").read_text()),
    "fr-sovereign": json.loads((POLICY_CONFIGS / "fr-sovereign.json").read_text()),
    "gb-public-sector": json.loads((POLICY_CONFIGS / "gb-public-sector.json").read_text()),
    "levels": {
        "side-door-destination": "disabled",
        "residency-control-plane": "mandatory",
        "stateless-log-retention": "remediate",
        "side-door-multi-region": "mandatory",
    },
}


def _documents() -> dict[str, Any]:
    found: dict[str, Any] = {p.name: json.loads(p.read_text("utf-8")) for p in (*shared_states(), *evasion_states())}
    found["evasion-corpus-combined"] = combined_evasion_state()
    found["odd-values"] = odd_values_state()
    return found


def _cases() -> list[tuple[str, str]]:
    names = [p.name for p in shared_states()]
    cases = [(name, "default") for name in (*names, *(p.name for p in evasion_states()))]
    cases += [(combined, c) for combined in ("evasion-corpus-combined", "odd-values") for c in CONFIGS]
    cases += [(name, c) for name in names for c in CONFIGS if c != "default"]
    return cases


Paths = dict[tuple[str, str], tuple[list[Diagnostic], list[Diagnostic], list[Diagnostic]]]


@pytest.fixture(scope="module")
def both_paths() -> Paths:
    """(state, config) -> diagnostics of the engine protocol, of in-process evaluation of the loaded snapshot,
    and of in-process evaluation straight from the document (what ``audit`` runs); packs run two at a time."""
    documents = _documents()
    snapshots = {name: state.parse_state(document, name=name) for name, document in documents.items()}
    pack = runner.default_pack_dir()

    def engine(case: tuple[str, str]) -> list[Diagnostic]:
        name, config = case
        run = session.run_pack(pack, snapshots[name], policy_config=CONFIGS[config], dry_run=False, mode="check")
        return list(run.diagnostics)

    cases = _cases()
    with ThreadPoolExecutor(max_workers=2) as pool:
        engine_results = list(pool.map(engine, cases))
    evaluators = {c: inprocess.Evaluator(CONFIGS[c]) for c in CONFIGS}
    results: Paths = {}
    for (name, config), found in zip(cases, engine_results, strict=True):
        evaluator = evaluators[config]
        from_snapshot = evaluator.evaluate(snapshots[name], profile=True)
        _, from_document = evaluator.evaluate_document(documents[name], name=name)
        results[(name, config)] = (found, list(from_snapshot.diagnostics), list(from_document.diagnostics))
    return results


def test_the_states_are_there() -> None:
    assert len(shared_states()) >= 6
    corpus = {p.name for p in (Path(__file__).resolve().parents[1] / "evasions").iterdir() if p.is_dir()}
    exported = {p.stem for p in evasion_states()}
    assert corpus - {"__pycache__"} == exported, "run tests/audit/evasion_states.py after changing the corpus"


@pytest.mark.parametrize(("name", "config"), _cases())
def test_in_process_equals_engine_protocol(both_paths: Paths, name: str, config: str) -> None:
    engine, from_snapshot, from_document = both_paths[(name, config)]
    assert from_snapshot == engine
    assert from_document == engine


def test_the_comparison_covers_every_kind_of_finding(both_paths: Paths) -> None:
    everything = [d for engine, _, _ in both_paths.values() for d in engine]
    levels = Counter(d.enforcement_level for d in everything)
    assert levels["mandatory"] > 100, levels
    assert levels["advisory"] > 20, levels
    policies = {d.policy_name for d in everything}
    from residency.policies import RULES

    # Every rule of the pack reports something somewhere, routers included.
    assert sorted({r.name for r in RULES} - policies) == []
    assert any("Undetermined:" in d.message and d.policy_name == "residency-undetermined" for d in everything)
    assert any(d.policy_name == "residency-undetermined-stack" for d in everything)


def test_a_check_that_raises_fails_the_stack() -> None:
    # In the protocol path an exception in a check fails the Analyze call, and so the stack; never a pass.
    def broken(subject: Any, ctx: Any) -> Any:
        raise KeyError("boom")

    evaluator = inprocess.Evaluator({})
    evaluator._rules = tuple(
        dataclasses.replace(r, check=broken) if r.name == "residency-data-at-rest" else r for r in evaluator._rules
    )
    snapshot = state.load_state(shared_states()[0])
    with pytest.raises(inprocess.InProcessError, match=r"KeyError"):
        evaluator.evaluate(snapshot)


@pytest.mark.parametrize(
    ("value", "problem"),
    [({"4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17"}, "no path, text or uri")],
)
def test_values_the_sdk_refuses_fail_the_stack(value: Any, problem: str) -> None:
    snapshot = state.load_state(shared_states()[0])
    victim = next(r for r in snapshot.resources if r.custom and not r.is_provider)
    changed = dataclasses.replace(victim, inputs={**victim.inputs, "odd": value})
    snapshot = dataclasses.replace(snapshot, resources=tuple(changed if r is victim else r for r in snapshot.resources))
    with pytest.raises(inprocess.InProcessError, match=problem):
        inprocess.Evaluator({}).evaluate(snapshot)
    with pytest.raises(engine_config.EngineError):
        session.run_pack(runner.default_pack_dir(), snapshot, dry_run=False, mode="check")


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.update(urn=42),
        lambda r: r["inputs"].update(token={"4dabf18193072939515e22adb298388d": SECRET, "plaintext": "{not json"}),
        lambda r: r.update(inputs=["not", "a", "map"]),
        lambda r: r.update(provider="no-separator"),
    ],
    ids=["urn-not-a-string", "plaintext-not-json", "inputs-not-a-map", "provider-reference"],
)
def test_a_bad_state_gets_the_loaders_own_error_from_the_document_path(change: Any) -> None:
    document = json.loads(shared_states()[2].read_text("utf-8"))
    resources = document["deployment"]["resources"]
    victim = next(r for r in resources if r.get("custom") and "providers" not in r["type"])
    change(victim)
    with pytest.raises(state.StateError) as loader:
        state.parse_state(document, name="x.json")
    with pytest.raises(state.StateError) as fast:
        inprocess.Evaluator({}).evaluate_document(document, name="x.json")
    assert str(fast.value) == str(loader.value)


def test_a_value_the_sdk_refuses_fails_the_document_path_too() -> None:
    document = json.loads(shared_states()[2].read_text("utf-8"))
    victim = next(r for r in document["deployment"]["resources"] if r.get("custom") and "providers" not in r["type"])
    # A number beyond a double (JSON allows it) cannot be sent; non-finite floats travel as unknown instead.
    victim["inputs"]["odd"] = 10**400
    with pytest.raises(inprocess.InProcessError, match="too large for a double"):
        inprocess.Evaluator({}).evaluate_document(document, name="x.json")


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), {"4dabf18193072939515e22adb298388d": "0123"}],
)
def test_values_that_cannot_travel_arrive_unknown_on_both_paths(value: Any) -> None:
    # The engine sends non-finite numbers and signatures it cannot read as unknown (engine.wire): never a crash.
    snapshot = state.load_state(shared_states()[0])
    victim = next(r for r in snapshot.resources if r.custom and not r.is_provider)
    changed = dataclasses.replace(victim, inputs={**victim.inputs, "odd": value})
    snapshot = dataclasses.replace(snapshot, resources=tuple(changed if r is victim else r for r in snapshot.resources))
    in_process = inprocess.Evaluator({}).evaluate(snapshot).diagnostics
    engine = session.run_pack(runner.default_pack_dir(), snapshot, dry_run=False, mode="check").diagnostics
    assert list(in_process) == list(engine)


def test_the_garbage_collector_is_paused_for_an_evaluation_and_resumed_as_it_was() -> None:
    import gc

    seen: list[bool] = []

    def watching(subject: Any, ctx: Any) -> Any:
        seen.append(gc.isenabled())
        return iter(())

    evaluator = inprocess.Evaluator({})
    evaluator._rules = tuple(
        dataclasses.replace(r, check=watching) if r.name == "residency-data-at-rest" else r for r in evaluator._rules
    )
    document = json.loads(shared_states()[2].read_text("utf-8"))
    assert gc.isenabled()
    evaluator.evaluate_document(document, name="x.json")
    assert seen
    assert not any(seen)
    assert gc.isenabled()
    # Resumed after a failure too, and left off when the caller had turned it off.
    broken = inprocess.Evaluator({})
    broken._rules = tuple(dataclasses.replace(r, check=lambda s, c: 1 / 0) if r.name == "residency-data-at-rest"
                          else r for r in broken._rules)
    with pytest.raises(inprocess.InProcessError):
        broken.evaluate(state.load_state(shared_states()[0]))
    assert gc.isenabled()
    gc.disable()
    try:
        evaluator.evaluate_document(document, name="x.json")
        assert not gc.isenabled()
    finally:
        gc.enable()
