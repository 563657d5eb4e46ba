"""Problems found in a note, returned as values; the adapter decides how to log them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["warning", "info"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: ``path`` is the note's vault path, ``line`` 1-based in its file."""

    path: str
    line: int
    message: str
    level: Level = "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
