"""Oracles: the schema validator against the jsonschema package (Draft 2020-12) on valid and
invalid instances; the calculator against Python's own arithmetic and its refusals; pass@k and
pass^k against enumeration of all k-subsets of the n trials; the loop by its contract
(errors fed back as observations, budget enforced)."""

import itertools

import numpy as np
import pytest
from jsonschema import Draft202012Validator

import agent_loop as A

SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "enum": ["Paris", "Lagos", "Lima"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 14},
        "units": {"type": "string"},
        "detailed": {"type": "boolean"},
        "weights": {"type": "array", "items": {"type": "number", "minimum": 0}},
        "filter": {"type": "object", "properties": {"max_temp": {"type": "number"}}, "required": ["max_temp"]},
    },
    "required": ["city", "days"],
    "additionalProperties": False,
}

INSTANCES = [
    {"city": "Paris", "days": 3},
    {"city": "Paris", "days": 3.0},
    {"city": "Paris", "days": True},
    {"city": "Rome", "days": 3},
    {"city": "Lima", "days": 0},
    {"city": "Lima", "days": 15},
    {"city": "Lima"},
    {"days": 2},
    {"city": "Lagos", "days": 2, "extra": 1},
    {"city": "Lagos", "days": 2, "units": 5},
    {"city": "Lagos", "days": 2, "detailed": 1},
    {"city": "Lagos", "days": 2, "weights": [0.5, 1, 2]},
    {"city": "Lagos", "days": 2, "weights": [0.5, -1]},
    {"city": "Lagos", "days": 2, "weights": [0.5, "x"]},
    {"city": "Lagos", "days": 2, "filter": {"max_temp": 30}},
    {"city": "Lagos", "days": 2, "filter": {}},
    {"city": "Lagos", "days": 2, "filter": {"max_temp": "hot"}},
    [],
    "Paris",
]


@pytest.mark.parametrize("instance", INSTANCES, ids=range(len(INSTANCES)))
def test_validator_agrees_with_jsonschema(instance):
    oracle = list(Draft202012Validator(SCHEMA).iter_errors(instance))
    ours = A.validate(SCHEMA, instance)
    assert (len(ours) == 0) == (len(oracle) == 0), (ours, [e.message for e in oracle])


def test_safe_arith_matches_python_and_refuses_code():
    rng = np.random.default_rng(0)
    for _ in range(200):
        a, b, c = rng.integers(-20, 20, 3)
        op1, op2 = rng.choice(["+", "-", "*", "/"], 2)
        expr = f"({a} {op1} ({b} + 0.25)) {op2} ({c} + 0.5)"
        assert A.safe_arith(expr) == pytest.approx(eval(expr), rel=1e-12)
    assert A.safe_arith("-2 ** 3 + (4 - 1) * 2") == -2 ** 3 + (4 - 1) * 2
    for bad in ["__import__('os').system('ls')", "x + 1", "(1).real", "[1, 2]", "2 ** 10000", "True + 1"]:
        with pytest.raises((ValueError, SyntaxError)):
            A.safe_arith(bad)


@pytest.mark.parametrize("n,c,k", [(10, 6, 1), (10, 6, 4), (8, 8, 3), (8, 0, 2), (7, 3, 5), (12, 11, 12)])
def test_pass_at_k_and_pass_hat_k_by_enumeration(n, c, k):
    trials = [1] * c + [0] * (n - c)
    subsets = list(itertools.combinations(range(n), k))
    any_ok = np.mean([any(trials[i] for i in s) for s in subsets])
    all_ok = np.mean([all(trials[i] for i in s) for s in subsets])
    assert A.pass_at_k(n, c, k) == pytest.approx(any_ok, abs=1e-12)
    assert A.pass_hat_k(n, c, k) == pytest.approx(all_ok, abs=1e-12)


def test_loop_feeds_errors_back_and_respects_budget():
    schema = {"type": "object", "properties": {"x": {"type": "number"}}, "required": ["x"]}

    def boom(x):
        raise RuntimeError("backend down")

    tools = {"inv": (schema, lambda x: 1 / x), "boom": (schema, boom)}
    script = iter([{"action": "nope", "args": {}}, {"action": "inv", "args": {"x": "a"}},
                   {"action": "inv", "args": {"x": 0}}, {"action": "boom", "args": {"x": 1}},
                   {"action": "inv", "args": {"x": 4}}, {"final": 0.25}])
    res = A.run_agent(lambda h: next(script), tools, "q")
    obs = [m["content"] for m in res["history"] if m["role"] == "tool"]
    assert obs[0].startswith("error: unknown tool") and "invalid arguments" in obs[1]
    assert "ZeroDivisionError" in obs[2] and "backend down" in obs[3] and obs[4] == "0.25"
    assert res["status"] == "done" and res["answer"] == 0.25 and res["steps"] == 6
    loop = A.run_agent(lambda h: {"action": "inv", "args": {"x": 2}}, tools, "q", max_steps=3)
    assert loop["status"] == "budget exhausted" and loop["answer"] is None
    assert sum(m["role"] == "tool" for m in loop["history"]) == 3
