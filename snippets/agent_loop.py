# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # An LLM agent loop without the LLM: tool schemas, argument validation, a ReAct loop, a safe calculator, pass@k and pass^k
# Used by the note "LLM Agents and Tool Use". The policy is any function from the history to the next step,
# so the loop's control flow, validation and error handling can be run and tested deterministically.

# %%
# --8<-- [start:schema]
import ast
import operator
from math import comb

import numpy as np

_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}


def validate(schema: dict, value, path: str = "$") -> list[str]:
    """Errors of `value` against a subset of JSON Schema (type, properties, required,
    additionalProperties: false, enum, minimum, maximum, items). Empty list = valid.
    Booleans are not integers or numbers, and 2.0 is an integer, as in JSON Schema."""
    t = schema.get("type")
    if t is not None:
        ok = isinstance(value, _TYPES[t]) or (t == "integer" and isinstance(value, float) and value.is_integer())
        ok = ok and not (t in ("integer", "number") and isinstance(value, bool))
        if not ok:
            return [f"{path}: expected {t}, got {type(value).__name__}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        errors.append(f"{path}: {value} < minimum {schema['minimum']}")
    if "maximum" in schema and value > schema["maximum"]:
        errors.append(f"{path}: {value} > maximum {schema['maximum']}")
    if t == "object":
        props = schema.get("properties", {})
        errors += [f"{path}: missing required '{k}'" for k in schema.get("required", []) if k not in value]
        for k, v in value.items():
            if k in props:
                errors += validate(props[k], v, f"{path}.{k}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{path}: unexpected property '{k}'")
    if t == "array" and "items" in schema:
        for i, v in enumerate(value):
            errors += validate(schema["items"], v, f"{path}[{i}]")
    return errors
# --8<-- [end:schema]


# %%
# --8<-- [start:calculator]
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}


def safe_arith(expr: str) -> float:
    """Evaluate +, -, *, /, ** and parentheses over numeric literals by walking the syntax tree.
    Names, calls, attributes and everything else raise ValueError: model-written text is never
    passed to eval()."""
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Pow) and abs(right) > 100:
                raise ValueError("exponent too large")
            return _OPS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise ValueError(f"disallowed syntax: {type(node).__name__}")
    if len(expr) > 200:
        raise ValueError("expression too long")
    return ev(ast.parse(expr, mode="eval"))
# --8<-- [end:calculator]


# %%
# --8<-- [start:loop]
def run_agent(policy, tools: dict, question: str, max_steps: int = 8) -> dict:
    """ReAct-style loop. `tools` maps a name to (json_schema, function). At each step the policy
    sees the history and returns {"thought", "action", "args"} or {"thought", "final"}. Arguments
    are validated before the call; validation errors, unknown tools and exceptions are returned to
    the policy as observations instead of crashing the loop. Stops at a final answer or the budget."""
    history = [{"role": "user", "content": question}]
    for step in range(1, max_steps + 1):
        out = policy(history)
        history.append({"role": "assistant", **out})
        if "final" in out:
            return {"answer": out["final"], "steps": step, "history": history, "status": "done"}
        name, args = out.get("action"), out.get("args", {})
        if name not in tools:
            obs = f"error: unknown tool {name!r}; available: {sorted(tools)}"
        else:
            schema, fn = tools[name]
            errs = validate(schema, args)
            if errs:
                obs = "error: invalid arguments: " + "; ".join(errs)
            else:
                try:
                    obs = repr(fn(**args))
                except Exception as e:                    # the tool failed: tell the model, keep going
                    obs = f"error: {type(e).__name__}: {e}"
        history.append({"role": "tool", "name": name, "content": obs})
    return {"answer": None, "steps": max_steps, "history": history, "status": "budget exhausted"}
# --8<-- [end:loop]


# %%
# --8<-- [start:reliability]
def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of P(at least one of k trials succeeds) from c successes in n >= k trials:
    1 - C(n - c, k) / C(n, k) (Chen et al., 2021)."""
    return 1.0 - comb(n - c, k) / comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of P(all k trials succeed), tau-bench's pass^k: C(c, k) / C(n, k)."""
    return comb(c, k) / comb(n, k)


def suite_reliability(successes: np.ndarray, n: int, ks: list[int]) -> dict:
    """Average pass@k and pass^k over tasks, each task run n times with successes[i] successes."""
    return {k: (float(np.mean([pass_at_k(n, c, k) for c in successes])),
                float(np.mean([pass_hat_k(n, c, k) for c in successes]))) for k in ks}
# --8<-- [end:reliability]


# %%
if __name__ == "__main__":
    calc_schema = {"type": "object", "properties": {"expression": {"type": "string"}},
                   "required": ["expression"], "additionalProperties": False}
    tools = {"calculator": (calc_schema, lambda expression: safe_arith(expression))}
    script = iter([{"thought": "compute", "action": "calculator", "args": {"expr": "2*21"}},
                   {"thought": "fix the argument name", "action": "calculator", "args": {"expression": "2*21"}},
                   {"thought": "done", "final": "42"}])
    result = run_agent(lambda history: next(script), tools, "What is 2 * 21?")
    for m in result["history"]:
        print(m)
    print(result["status"], "in", result["steps"], "steps")
    print("pass@4 and pass^4 for 6/10 successes:", round(pass_at_k(10, 6, 4), 3), round(pass_hat_k(10, 6, 4), 3))
