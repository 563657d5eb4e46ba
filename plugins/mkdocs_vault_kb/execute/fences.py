"""Find the ``run-python`` fences of a page and parse their options.

A fence is found the CommonMark way: an opening run of three or more backticks or tildes, closed
by a run of the same character at least as long. Fences inside other fences (a ````markdown fence
showing a run-python example) are text, so they are never run. A fence may sit inside a container:
every line of it carries the same prefix of spaces and ``>`` markers (a list item, an admonition
body, a ``> [!example]`` callout); blank lines may drop the prefix's trailing spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RUN_PYTHON = "run-python"
KNOWN_OPTIONS = frozenset({"title", "hide_code", "hide_output", "raises", "timeout"})

_OPENING = re.compile(r"^(?P<prefix>(?:[ \t]*>)*[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_OPTION = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)\s*=\s*"""
    r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'}]+))"""
)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


@dataclass(frozen=True)
class Fence:
    """One ``run-python`` fence: ``start``/``end`` are 0-based indices of its fence lines."""

    start: int
    end: int
    prefix: str
    code: str
    title: str | None = None
    hide_code: bool = False
    hide_output: bool = False
    raises: bool = False
    timeout: float | None = None
    problems: tuple[str, ...] = field(default=())

    @property
    def line(self) -> int:
        """1-based line of the opening fence within the parsed text."""
        return self.start + 1


@dataclass(frozen=True)
class FenceProblem:
    """A malformed ``run-python`` fence; ``line`` is 1-based within the parsed text."""

    line: int
    message: str


def _is_run_python(info: str) -> bool:
    info = info.strip()
    if not info.startswith(RUN_PYTHON):
        return False
    rest = info[len(RUN_PYTHON) :]
    return rest == "" or rest[0].isspace() or rest[0] == "{"


def _flag(key: str, value: str, problems: list[str]) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered not in _FALSE:
        problems.append(f'run-python option {key}="{value}" is not 1 or 0; read as 0')
    return False


def parse_options(info: str) -> tuple[dict[str, str], list[str]]:
    """The ``key="value"`` options after ``run-python`` (braces optional), and any problems."""
    text = info.strip()[len(RUN_PYTHON) :].strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    options: dict[str, str] = {}
    problems: list[str] = []
    position = 0
    for match in _OPTION.finditer(text):
        stray = text[position : match.start()].strip()
        if stray:
            problems.append(f"run-python fence: cannot read {stray!r} (write key=\"value\")")
        position = match.end()
        value = next(v for v in match.group("dq", "sq", "bare") if v is not None)
        key = match.group("key")
        if key not in KNOWN_OPTIONS:
            known = ", ".join(sorted(KNOWN_OPTIONS))
            problems.append(f"run-python fence: unknown option {key!r} (known: {known})")
            continue
        options[key] = value
    stray = text[position:].strip()
    if stray:
        problems.append(f"run-python fence: cannot read {stray!r} (write key=\"value\")")
    return options, problems


def _make_fence(start: int, end: int, prefix: str, info: str, body: list[str]) -> Fence:
    options, problems = parse_options(info)
    timeout: float | None = None
    if "timeout" in options:
        try:
            timeout = float(options["timeout"])
            if not timeout > 0:
                raise ValueError
        except ValueError:
            value = options["timeout"]
            problems.append(f'run-python option timeout="{value}" is not a positive number')
            timeout = None
    return Fence(
        start=start,
        end=end,
        prefix=prefix,
        code="\n".join(body),
        title=options.get("title"),
        hide_code=_flag("hide_code", options.get("hide_code", "0"), problems),
        hide_output=_flag("hide_output", options.get("hide_output", "0"), problems),
        raises=_flag("raises", options.get("raises", "0"), problems),
        timeout=timeout,
        problems=tuple(problems),
    )


def _body_line(line: str, prefix: str) -> str | None:
    """``line`` without the container prefix, or None when the line leaves the container."""
    if line.startswith(prefix):
        return line[len(prefix) :]
    if line.strip() == prefix.strip() and line.rstrip() == prefix.rstrip():
        return ""  # a blank line of the container
    return None


def _is_closing(text: str, char: str, length: int) -> bool:
    stripped = text.lstrip(" ")
    if len(text) - len(stripped) > 3:
        return False
    run = len(stripped) - len(stripped.lstrip(char))
    return run >= length and stripped[run:].strip() == ""


def find_fences(markdown: str) -> tuple[list[Fence], list[FenceProblem]]:
    """Every ``run-python`` fence of ``markdown`` in order, and the malformed ones as problems."""
    lines = markdown.split("\n")
    fences: list[Fence] = []
    problems: list[FenceProblem] = []
    index = 0
    while index < len(lines):
        match = _OPENING.match(lines[index])
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            index += 1
            continue
        prefix, marker, info = match["prefix"], match["fence"], match["info"]
        body: list[str] = []
        end = None
        cursor = index + 1
        while cursor < len(lines):
            text = _body_line(lines[cursor], prefix)
            if text is None:
                break  # the container ended, so did the fence
            if _is_closing(text, marker[0], len(marker)):
                end = cursor
                break
            body.append(text)
            cursor += 1
        if _is_run_python(info):
            if end is None:
                problems.append(
                    FenceProblem(index + 1, "run-python fence is not closed; it was not run")
                )
            else:
                fences.append(_make_fence(index, end, prefix, info, body))
        index = end + 1 if end is not None else cursor
    return fences, problems
