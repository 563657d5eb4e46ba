"""The values of Bases expressions that Python has no type for: dates, durations, links, files."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

_UNITS = {
    "y": "y", "year": "y", "years": "y", "M": "M", "month": "M", "months": "M",
    "w": "w", "week": "w", "weeks": "w", "d": "d", "day": "d", "days": "d",
    "h": "h", "hour": "h", "hours": "h", "m": "m", "minute": "m", "minutes": "m",
    "s": "s", "second": "s", "seconds": "s",
}  # fmt: skip
_MS = {"w": 604_800_000, "d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1000}
_PART = re.compile(r"\s*([+-]?\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*,?")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?Z?$")
MAX_YEAR_SPAN = 9999


@dataclass(frozen=True, slots=True)
class Duration:
    months: int = 0
    ms: float = 0.0

    def scaled(self, k: float) -> Duration:
        return Duration(int(self.months * k), self.ms * k)

    def __str__(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months}M")
        if self.ms or not parts:
            parts.append(f"{_num_text(self.ms)}ms")
        return " ".join(parts)


def parse_duration(text: str) -> Duration | None:
    """``"1M"``, ``"4h"``, ``"1 day"``, ``"2 weeks 3d"``; None when it is not a duration."""
    pos, months, ms, seen = 0, 0, 0.0, False
    text = text.strip()
    while pos < len(text):
        m = _PART.match(text, pos)
        if m is None or m.end() == pos:
            return None
        unit = _UNITS.get(m.group(2)) or _UNITS.get(m.group(2).lower()) if m.group(2) not in ("M", "m") else m.group(2)
        if unit is None:
            return None
        n = float(m.group(1))
        if unit == "y":
            months += int(n * 12)
        elif unit == "M":
            months += int(n)
        else:
            ms += n * _MS[unit]
        seen = True
        pos = m.end()
    return Duration(months, ms) if seen else None


@dataclass(frozen=True, slots=True)
class Date:
    value: datetime
    has_time: bool = False

    def __str__(self) -> str:
        if not self.has_time:
            return self.value.strftime("%Y-%m-%d")
        return self.value.strftime("%Y-%m-%d %H:%M" + (":%S" if self.value.second else ""))

    def millis(self) -> float:
        return (self.value - datetime(1970, 1, 1)).total_seconds() * 1000

    def plus(self, d: Duration, sign: int = 1) -> Date:
        v = self.value
        if d.months:
            total = v.year * 12 + v.month - 1 + sign * d.months
            year, month = divmod(total, 12)
            if not 1 <= year <= MAX_YEAR_SPAN:
                raise OverflowError("date out of range")
            day = min(v.day, calendar.monthrange(year, month + 1)[1])
            v = v.replace(year=year, month=month + 1, day=day)
        v = v + timedelta(milliseconds=sign * d.ms)
        return Date(v, self.has_time or bool(d.ms % 86_400_000))


def parse_date(text: str) -> Date | None:
    m = _DATE.match(text.strip())
    if m is None:
        return None
    y, mo, d, h, mi, s, frac = m.groups()
    try:
        v = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), int((frac or "0").ljust(6, "0")))
    except ValueError:
        return None
    return Date(v, h is not None)


@dataclass(frozen=True, slots=True)
class Link:
    """A link to ``target`` (as written), resolved from the note ``source``; ``path`` once resolved."""

    target: str
    display: str | None = None
    path: str | None = None

    def __str__(self) -> str:
        return self.display or self.target


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file of the vault (a row of a base, ``this``)."""

    path: str

    def __str__(self) -> str:
        return self.path


@dataclass(frozen=True, slots=True)
class Regex:
    pattern: str
    flags: str

    def __str__(self) -> str:
        return f"/{self.pattern}/{self.flags}"


@dataclass(frozen=True, slots=True)
class Html:
    """``icon()``/``image()``/``html()`` values: shown by the renderer, never raw HTML."""

    kind: str  # "icon", "image", "html"
    text: str

    def __str__(self) -> str:
        return self.text


def _num_text(x: float) -> str:
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, float):
        if x != x:
            return "NaN"
        if x in (float("inf"), float("-inf")):
            return "Infinity" if x > 0 else "-Infinity"
        if x.is_integer() and abs(x) < 1e21:
            return str(int(x))
        return repr(x)
    return str(x)


def type_name(v: object) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "object"
    return {Date: "date", Duration: "duration", Link: "link", FileRef: "file", Regex: "regexp", Html: "html"}.get(type(v), "value")


def to_text(v: object) -> str:
    """A value as Obsidian's ``toString()`` writes it."""
    if v is None:
        return ""
    if isinstance(v, (bool, int, float)):
        return _num_text(v)
    if isinstance(v, list):
        return ",".join(to_text(x) for x in v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {to_text(x)}" for k, x in v.items()) + "}"
    if isinstance(v, FileRef):
        return v.path.rsplit("/", 1)[-1].removesuffix(".md")
    return str(v)
