"""The flagship's ``questions:`` frontmatter (read by ``vault/Study Plan.base``) cannot drift from
the notes' bodies: each note's value is the number of its question callouts, as counted by
``scripts/count_questions.py``, which rewrites only that line."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mkdocs_vault_kb.core.frontmatter import load_yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("count_questions", ROOT / "scripts" / "count_questions.py")
assert _spec is not None and _spec.loader is not None
cq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cq)

NOTES = cq.notes(ROOT / "vault")


def test_the_flagship_has_notes():
    assert len(NOTES) >= 160


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT / "vault")))
def test_questions_property_matches_the_body(path):
    head, meta, rest = cq.split_frontmatter(path.read_text(encoding="utf-8"))
    value = (load_yaml(meta)[0] or {}).get("questions")
    assert value == cq.count_questions(rest), f"run: .venv/bin/python scripts/count_questions.py ({path.name})"


BODY = """# Note

> [!question]- What is a question?
> An answer.

> [!FAQ] Also a question (an alias, unfolded)
> yes

> [!note] Not a question
> > [!help]+ A nested one counts
> > yes

```markdown
> [!question]- Inside a code fence: not a question
```

~~~~
```
> [!question]- still inside the outer fence
~~~~

> [!questions]- not the type
>[!question] no space after the quote mark still counts
"""


def test_count_questions():
    assert cq.count_questions(BODY) == 4


def test_rewrites_only_the_questions_line_and_is_idempotent():
    crlf = "---\r\ntags: [a]\r\nquestions: 9\r\nx: 'keep  this'\r\n---\r\n" + BODY.replace("\n", "\r\n")
    once = cq.with_count(crlf)
    assert once == crlf.replace("questions: 9\r\n", "questions: 4\r\n")
    assert cq.with_count(once) == once
    plain = "---\naliases: [A]\ndescription: d   \n---\n" + BODY
    added = cq.with_count(plain)
    assert added == plain.replace("description: d   \n", "description: d   \nquestions: 4\n")
    assert cq.with_count(added) == added
    assert cq.with_count("no frontmatter\n> [!question]- q\n") == "no frontmatter\n> [!question]- q\n"
