"""Summaries of a view's column (``summaries: {price: Sum}``): the built-in ones Obsidian offers
and the base's own ``summaries:`` formulas over ``values``.

The built-ins, by the type of value they read (Obsidian's Bases skill, ``kepano/obsidian-skills``,
"Default Summary Formulas"): numbers (Average, Min, Max, Sum, Range, Median, Stddev), dates
(Earliest, Latest, Range), booleans (Checked, Unchecked) and any value (Empty, Filled, Unique).
A summary reads only the values of its type; with none of them the summary is empty (None).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from typing import Any

from .values import Date, to_text


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


def _dates(values: list[Any]) -> list[Date]:
    return [v for v in values if isinstance(v, Date)]


def _empty(v: Any) -> bool:
    return v is None or v == "" or v == [] or v == {}


def _range(values: list[Any]) -> Any:
    nums = _numbers(values)
    if nums:
        return max(nums) - min(nums)
    dates = _dates(values)
    if dates:
        span = max(d.value for d in dates) - min(d.value for d in dates)
        return Span(span.total_seconds() * 1000)
    return None


class Span(float):
    """A date range in milliseconds, shown in days (``Range`` over dates)."""

    def __str__(self) -> str:
        days = self / 86_400_000
        shown = f"{days:.0f}" if days == int(days) else f"{days:.1f}"
        return f"{shown} day{'' if shown == '1' else 's'}"


def _unique(values: list[Any]) -> int:
    return len({(type(v).__name__, to_text(v)) for v in values if not _empty(v)})


def _on_numbers(fn: Callable[[list[float]], Any]) -> Callable[[list[Any]], Any]:
    return lambda values: fn(nums) if (nums := _numbers(values)) else None


BUILT_IN: dict[str, Callable[[list[Any]], Any]] = {
    "average": _on_numbers(lambda n: math.fsum(n) / len(n)),
    "min": _on_numbers(min),
    "max": _on_numbers(max),
    "sum": _on_numbers(lambda n: int(sum(n)) if all(isinstance(x, int) for x in n) else math.fsum(n)),
    "range": _range,
    "median": _on_numbers(statistics.median),
    "stddev": _on_numbers(statistics.pstdev),
    "earliest": lambda values: min(_dates(values), key=lambda d: d.value, default=None),
    "latest": lambda values: max(_dates(values), key=lambda d: d.value, default=None),
    "checked": lambda values: sum(1 for v in values if v is True),
    "unchecked": lambda values: sum(1 for v in values if v is False),
    "empty": lambda values: sum(1 for v in values if _empty(v)),
    "filled": lambda values: sum(1 for v in values if not _empty(v)),
    "unique": _unique,
}


def built_in(name: str) -> Callable[[list[Any]], Any] | None:
    """The built-in summary called ``name`` (any case), or None."""
    return BUILT_IN.get(name.strip().lower())


def summary_text(value: Any) -> str:
    """A summary as shown: a number to at most three decimals, a date as a date."""
    if isinstance(value, Span):
        return str(value)
    if isinstance(value, float) and not isinstance(value, bool) and math.isfinite(value):
        value = round(value, 3)
        if value.is_integer():
            value = int(value)
    return to_text(value)
