"""Bases expressions: the parser and evaluator agree with the examples of Obsidian's help
(``Bases/Bases syntax.md``, ``Bases/Functions.md``) and never raise, whatever the text."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mkdocs_vault_kb.core.bases import render_base
from mkdocs_vault_kb.core.bases.evaluate import Evaluator, VaultData
from mkdocs_vault_kb.core.bases.expr import ExprError, parse
from mkdocs_vault_kb.core.bases.values import Date, to_text
from mkdocs_vault_kb.core.headings import AnchorMaker
from mkdocs_vault_kb.core.index import build_index

NOTES = {
    "books/Dune.md": "---\nprice: 9.99\nage: 3\npages: 412\nread: true\nauthor: \"[[Frank]]\"\n"
    "tags: [book, scifi/classic]\npublished: 1965-08-01\n---\nSee [[Frank]].\n",
    "books/Emma.md": "---\nprice: 4\nage: 2\npages: 300\nread: false\nstatus: done\n---\nx\n",
    "people/Frank.md": "Wrote [[Dune]].\n",
}


def data() -> VaultData:
    index = build_index(NOTES, [], AnchorMaker(lambda s, sep: s.lower(), "-"))
    links = [("books/Dune.md", "people/Frank.md", "link"), ("people/Frank.md", "books/Dune.md", "link")]
    d = VaultData.build(index, {}, links)
    d.now = datetime(2025, 5, 27, 13, 45, 10)
    return d


def ev(expr: str, path: str = "books/Dune.md", formulas: dict[str, str] | None = None):
    value, why = Evaluator(data(), formulas or {}, "people/Frank.md").value(expr, path)
    assert why is None, why
    return value


@pytest.mark.parametrize(
    ("expr", "result"),
    [  # Functions.md, each example with the result it documents
        ('"hello".contains("ell")', True),
        ('"hello".containsAll("h", "e")', True),
        ('"hello".containsAny("x", "y", "e")', True),
        ('"hello".endsWith("lo")', True),
        ('"Hello world".isEmpty()', False),
        ('"".isEmpty()', True),
        ('"a:b:c:d".replace(/:/g, "-")', "a-b-c-d"),
        ('"123".repeat(2)', "123123"),
        ('"hello".reverse()', "olleh"),
        ('"hello".slice(1, 4)', "ell"),
        ('"a,b,c,d".split(",", 3)', ["a", "b", "c"]),
        ('"a,b,c,d".split(/,/, 3)', ["a", "b", "c"]),
        ('"hello".startsWith("he")', True),
        ('"hello world".title()', "Hello World"),
        ('"  hi  ".trim()', "hi"),
        ("(-5).abs()", 5),
        ("(2.1).ceil()", 3),
        ("(2.9).floor()", 2),
        ("5.isEmpty()", False),
        ("(2.5).round()", 3),
        ("(2.3333).round(2)", 2.33),
        ("(3.14159).toFixed(2)", "3.14"),
        ("[1,2,3].contains(2)", True),
        ("[1,2,3].containsAll(2,3)", True),
        ("[1,2,3].containsAny(3,4)", True),
        ("[1,2,3,4].filter(value > 2)", [3, 4]),
        ("[1,[2,3]].flat()", [1, 2, 3]),
        ("[1,2,3].isEmpty()", False),
        ('[1,2,3].join(",")', "1,2,3"),
        ("[1,2,3,4].map(value + 1)", [2, 3, 4, 5]),
        ("[1,2,3].reduce(acc + value, 0)", 6),
        ("[3, 9, 4].filter(value.isType(\"number\")).reduce(if(acc == null || value > acc, value, acc), null)", 9),
        ("[1,2,3].reverse()", [3, 2, 1]),
        ("[1,2,3,4].slice(1,3)", [2, 3]),
        ("[3, 1, 2].sort()", [1, 2, 3]),
        ('["c", "a", "b"].sort()', ["a", "b", "c"]),
        ("[1,2,2,3].unique()", [1, 2, 3]),
        ('/abc/.matches("abcde")', True),
        ("{}.isEmpty()", True),
        ('list("value")', ["value"]),
        ('number("3.4")', 3.4),
        ("1.isTruthy()", True),
        ('"example".isType("string")', True),
        ('true.isType("boolean")', True),
        ("123.toString()", "123"),
        ('date("2025-05-27").format("YYYY-MM-DD")', "2025-05-27"),
        ('if(false, "Modified", "Unmodified")', "Unmodified"),
        ("if(false, 1)", None),
        ("max(1, 7, 3)", 7),
        ("min(4, 2)", 2),
        # Bases syntax.md
        ("(now() + \"1d\") - now()", 86_400_000),
        ("radius * (2 * 3.14)", None),  # a missing property: an empty cell, no error
        ("1 + 2 * 3 - 4 / 2", 5),
        ("7 % 3", 1),
        ("!(1 < 2) || 2 >= 2 && 1 != 2", True),
    ],
)
def test_documented_examples(expr, result):
    assert ev(expr) == result


def test_date_arithmetic_documented():
    d = ev('date("2024-12-01") + "1M" + "4h" + "3m"')
    assert isinstance(d, Date) and d.value == datetime(2025, 1, 1, 4, 3, 0)
    assert ev('today() + "7d"').value == datetime(2025, 6, 3)
    assert ev("now().date().format(\"YYYY-MM-DD HH:mm:ss\")") == "2025-05-27 00:00:00"
    assert ev("now().hour") == 13
    assert ev('now() + (duration("1d") * 2) > now() + "1 day"') is True
    assert ev('published < date("1970-01-01") && published.year == 1965') is True


def test_note_file_formula_and_this():
    assert ev("price / age") == pytest.approx(3.33)
    assert ev("note.price + note[\"age\"]") == pytest.approx(12.99)
    assert ev("(price / age).toFixed(2)") == "3.33"
    assert ev('if(price, price.toFixed(2) + " dollars")') == "9.99 dollars"
    assert ev("formula.ppu", formulas={"ppu": "(price / age).toFixed(2)"}) == "3.33"
    assert ev('file.hasTag("book") && file.hasTag("scifi") && !file.hasTag("sci")') is True
    assert ev('file.inFolder("books") && !file.inFolder("boo")') is True
    assert ev('file.hasLink("Frank") && file.hasLink(this)') is True
    assert ev("file.name + '|' + file.basename + '|' + file.folder + '|' + file.ext") == "Dune.md|Dune|books|md"
    assert ev("author == this && author.asFile().name == this.file.name") is True
    assert ev("file.links.length + file.backlinks.length") == 2
    assert ev("file.tags") == ["#book", "#scifi/classic"]
    assert ev('status != "done"', "books/Dune.md") is True and ev('status != "done"', "books/Emma.md") is False


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("nosuch(1)", "unknown function nosuch()"),
        ('"a".frobnicate()', "unknown function frobnicate() for a string"),
        ('"a" - 1', "cannot compute string - number"),
        ("(1 +", "syntax error"),
        ("formula.a", "refers to itself"),
    ],
)
def test_errors_are_messages(expr, message):
    value, why = Evaluator(data(), {"a": "formula.a + 1"}, None).value(expr, "books/Dune.md")
    assert value is None and why is not None and message in why


def test_a_base_with_a_bad_cell_names_file_and_line():
    src = 'formulas:\n  bad: "price.nosuch()"\nviews:\n  - type: table\n    order: [file.name, formula.bad, price]\n    sort:\n      - property: price\n        direction: DESC\n'
    out, diags = render_base(src, data(), lambda p: p, path="x.base")
    assert [(d.path, d.line) for d in diags] == [("x.base", 2)]
    assert "unknown function nosuch()" in diags[0].message
    rows = out.split("<tr>")[2:]
    assert ["Dune" in rows[0], "Emma" in rows[1], "Frank" in rows[2]] == [True, True, True]
    assert '<td data-sort=""></td>' in rows[0]  # the failing cell is empty


def test_markup_in_values_is_escaped():
    index = build_index({"a.md": '---\nx: "<img src=x onerror=alert(1)>"\n---\n'}, [], AnchorMaker(lambda s, sep: s, "-"))
    out, _ = render_base("views:\n  - type: table\n    order: [x]\n", VaultData.build(index, {}, []), lambda p: p, path="b.base")
    assert "<img" not in out and "&lt;img src=x" in out


TOKENS = ['"', "'", "(", ")", "[", "]", "{", "}", ",", ".", "!", "-", "+", "*", "/", "%", "==", "!=", "<", ">=",
          "&&", "||", "file", "note", "this", "formula", "x", "if", "now", "today", "date", "1", "2.5", '"s"',
          "/a+/g", "contains", "length", "map", "reduce", "value", "acc", ":", "true", "null", "repeat", "1e308", "1e999", "slice", "toFixed", "round", "split", "0"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@example('"a".slice(1e999)')
@example("(0/0).toFixed(2)")
@example("[1, 2].slice(0 / 0)")
@example('"ab".split("b", 1e999)')
@example("((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))")
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)))
def test_never_raises(source):
    evaluator = Evaluator(data(), {"f": source}, "people/Frank.md")
    for path in ("books/Dune.md", "people/Frank.md"):
        value, why = evaluator.value(source, path)
        assert why is None or value is None
        to_text(value)
    try:
        parse(source)
    except ExprError:
        pass
    out, _ = render_base(f"filters: {source!r}\nformulas:\n  f: {source!r}\nviews:\n  - type: cards\n    order: [formula.f]\n", data(), lambda p: p, path="x.base")
    assert out.startswith('<div class="vault-base')
    summed = f"formulas:\n  f: {source!r}\nsummaries:\n  s: {source!r}\nviews:\n  - type: table\n    order: [formula.f, price]\n    summaries:\n      formula.f: s\n      price: Stddev\n"
    out, _ = render_base(summed, data(), lambda p: p, path="x.base")
    assert out.startswith('<div class="vault-base')


def test_a_backtracking_pattern_from_the_vault_is_cut_off():
    """``(a+)+$`` on a long text backtracks for ages under Python's ``re``: the evaluator gives up
    after a time limit, with a message, and the cell is empty."""
    import time

    start = time.monotonic()
    text = '("a".repeat(5000) + "!")'
    for expr in (f"/(a+)+$/.matches({text})", f'{text}.replace(/(a|aa)+$/, "x")', f"{text}.split(/(a+)+$/)"):
        value, why = Evaluator(data(), {}, None).value(expr, "books/Dune.md")
        assert value is None and why is not None and "took too long" in why, (expr[:30], why)
    assert time.monotonic() - start < 5


# -- summaries ---------------------------------------------------------------------------------

SUMMARY_NOTES = {
    f"n{i}.md": f"---\nscore: {score}\ndone: {done}\nwhen: {when}\nkind: {kind}\n---\n"
    for i, (score, done, when, kind) in enumerate(
        [(1, "true", "2024-01-10", "a"), (2, "false", "2024-03-01", "b"), (4, "true", "2023-12-31", "a"), (9, "false", "2024-01-01", '""')]
    )
} | {"empty.md": "no properties\n"}


def summary_row(summaries: str, order: str = "[file.name, score, done, when, kind]", custom: str = "") -> dict[str, str]:
    index = build_index(SUMMARY_NOTES, [], AnchorMaker(lambda s, sep: s.lower(), "-"))
    src = f"{custom}views:\n  - type: table\n    order: {order}\n    summaries:\n{summaries}"
    out, diags = render_base(src, VaultData.build(index, {}, []), lambda p: p, path="s.base")
    assert not diags, diags
    import re as _re

    return dict(_re.findall(r'data-summary="([^"]*)"><span[^>]*>[^<]*</span> <span[^>]*>([^<]*)</span>', out))


@pytest.mark.parametrize(
    ("prop", "name", "shown"),
    [  # the built-in summaries (Obsidian's Bases skill, "Default Summary Formulas"), over 1, 2, 4, 9
        ("score", "Sum", "16"),
        ("score", "Average", "4"),
        ("score", "Min", "1"),
        ("score", "Max", "9"),
        ("score", "Range", "8"),
        ("score", "Median", "3"),
        ("score", "Stddev", "3.082"),  # population: sqrt(((1-4)^2 + (2-4)^2 + 0 + (9-4)^2) / 4) = sqrt(9.5)
        ("when", "Earliest", "2023-12-31"),
        ("when", "Latest", "2024-03-01"),
        ("when", "Range", "61 days"),
        ("done", "Checked", "2"),
        ("done", "Unchecked", "2"),
        ("kind", "Empty", "2"),  # kind: "" and the note without the property
        ("kind", "Filled", "3"),
        ("kind", "Unique", "2"),
        ("score", "sum", "16"),  # names in any case
    ],
)
def test_built_in_summaries(prop, name, shown):
    assert summary_row(f"      {prop}: {name}\n") == {name: shown}


def test_custom_summary_formula_over_values():
    custom = "summaries:\n  mean3: 'values.mean().round(3)'\n  top: 'values.filter(value != null).sort().reverse()[0]'\n"
    assert summary_row("      score: mean3\n      when: top\n", custom=custom) == {"mean3": "4", "top": "2024-03-01"}


def test_an_unknown_summary_is_one_warning_naming_file_and_line_and_an_empty_cell():
    index = build_index(SUMMARY_NOTES, [], AnchorMaker(lambda s, sep: s.lower(), "-"))
    src = "views:\n  - type: table\n    order: [file.name, score]\n    summaries:\n      score: Mode\n"
    out, diags = render_base(src, VaultData.build(index, {}, []), lambda p: p, path="s.base")
    assert [(d.path, d.line) for d in diags] == [("s.base", 5)]
    assert "unknown summary 'Mode'" in diags[0].message
    assert "vault-base-summary" not in out


def test_a_grouped_table_sums_each_group():
    index = build_index(SUMMARY_NOTES, [], AnchorMaker(lambda s, sep: s.lower(), "-"))
    src = "views:\n  - type: table\n    groupBy:\n      property: done\n    order: [file.name, score]\n    summaries:\n      score: Sum\n"
    out, diags = render_base(src, VaultData.build(index, {}, []), lambda p: p, path="s.base")
    assert not diags
    import re as _re

    sums = _re.findall(r'vault-base-summary-value">([^<]*)<', out)
    assert sorted(sums) == ["", "11", "5"]  # false: 2 + 9, true: 1 + 4, no value: no number


def test_kanban_is_a_column_of_cards_per_group_and_map_a_table_with_a_note():
    """Kanban (Layouts/Kanban view.md): cards in columns, one per value of the grouped property,
    files without it in the None column. Map (Layouts/Map view.md) needs the Maps plugin and a
    map: shown as a table, with a note saying the map is not drawn."""
    index = build_index(SUMMARY_NOTES, [], AnchorMaker(lambda s, sep: s.lower(), "-"))
    src = "views:\n  - type: kanban\n    groupBy:\n      property: kind\n    order: [file.name, score]\n  - type: map\n    name: Places\n"
    out, diags = render_base(src, VaultData.build(index, {}, []), lambda p: p, path="k.base")
    assert not diags
    import re as _re

    kanban, places = out.split('data-view="Places"')
    columns = _re.findall(r'<div class="vault-base-kanban-column"><div class="vault-base-group">([^<]*?) <span[^>]*>(\d+)</span>', kanban)
    assert columns == [("a", "2"), ("b", "1"), ("None", "2")]
    assert kanban.count('class="vault-base-card"') == 5
    assert "vault-base-table" in places and "The map is not drawn on this site" in places
