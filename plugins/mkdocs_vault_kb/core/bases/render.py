"""A ``.base`` file (or a ``base`` code block) as static HTML: every view, or one.

The YAML is read by the bounded loader of ``core.frontmatter``; filters, formulas, ``sort``,
``groupBy`` and ``limit`` are applied over the published notes; each view is a table, a grid of
cards or a list, all text escaped, linked cells resolved by our resolver. Problems are returned
as ``Diagnostic``s naming the base file (or the note holding the block) and the line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..frontmatter import FrontmatterError, load_yaml
from .evaluate import Evaluator, VaultData, truthy
from .summaries import built_in, summary_text
from .values import Date, Duration, FileRef, Html, Link, to_text

#: The final relative URL of a vault path from the page being written, None when unpublished.
Href = Callable[[str], "str | None"]

MAX_ROWS = 5000  # rows of one view
VIEW_TYPES = ("table", "cards", "list", "kanban")
#: Why a layout we do not draw is shown as a table (the note above it).
NOT_DRAWN = {"map": "The map is not drawn on this site: its notes are listed as a table."}


@dataclass(slots=True)
class _Ctx:
    source: str  # the YAML, to find lines in
    path: str  # the file diagnostics name
    line0: int  # the file line of the YAML's first line
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    summaries: dict[str, str] = field(default_factory=dict)  # the base's own summary formulas
    this: str | None = None

    def warn(self, message: str, near: str | None = None) -> None:
        if message in self.seen:
            return
        self.seen.add(message)
        line = 0
        if near:
            k = self.source.find(near)
            line = self.source.count("\n", 0, k) if k >= 0 else 0
        self.diagnostics.append(Diagnostic(self.path, self.line0 + line, f"base: {message}"))


def prop_id(name: Any) -> str:
    """``status`` -> ``note.status``; ``file.name`` and ``formula.x`` stay."""
    text = str(name).strip()
    kind = text.partition(".")[0]
    return text if kind in ("note", "file", "formula") and "." in text else "note." + text


def render_base(
    source: str,
    data: VaultData,
    href: Href,
    *,
    path: str,
    this: str | None = None,
    view: str | None = None,
    only_first: bool = False,
    line0: int = 1,
) -> tuple[str, list[Diagnostic]]:
    """The HTML of the base in ``source``: every view, the view named ``view`` or the first one.

    ``path`` is the file named in diagnostics (``line0`` the line its YAML starts at); ``this``
    the note the base is shown in (``this`` in expressions)."""
    ctx = _Ctx(source, path, line0)
    try:
        spec, _ = load_yaml(source)
    except FrontmatterError as exc:
        ctx.diagnostics.append(Diagnostic(path, line0 + (exc.line or 0), f"base: invalid YAML: {exc}"))
        return _error_box("This base could not be read."), ctx.diagnostics
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        ctx.warn("a base is a mapping of filters, formulas, properties and views")
        return _error_box("This base could not be read."), ctx.diagnostics
    formulas = spec.get("formulas") or {}
    if not isinstance(formulas, dict):
        ctx.warn("formulas must be a mapping of names to expressions", "formulas")
        formulas = {}
    formulas = {str(k): to_text(v) for k, v in formulas.items()}
    custom = spec.get("summaries") or {}
    if not isinstance(custom, dict):
        ctx.warn("summaries must be a mapping of names to formulas over values", "summaries")
        custom = {}
    ctx.summaries = {str(k): to_text(v) for k, v in custom.items()}
    ctx.this = this
    props = spec.get("properties") if isinstance(spec.get("properties"), dict) else {}
    names: dict[str, str] = {}
    for key, conf in props.items():
        if isinstance(conf, dict) and conf.get("displayName") is not None:
            names[prop_id(key)] = to_text(conf.get("displayName"))
    views = spec.get("views")
    if views is None:
        views = [{"type": "table", "name": "Table"}]
    if not isinstance(views, list):
        ctx.warn("views must be a list", "views")
        views = []
    views = [v for v in views if isinstance(v, dict)]
    if view is not None:
        chosen = [v for v in views if to_text(v.get("name")) == view]
        if not chosen:
            ctx.warn(f"no view named {view!r}")
            chosen = views[:1]
        views = chosen
    elif only_first:
        views = views[:1]
    ev = Evaluator(data, formulas, this)
    rows_all = [p for p in sorted(data.index.notes) if _passes(spec.get("filters"), p, ev, ctx)]
    parts = [_view_html(v, i, rows_all, ev, ctx, names, href) for i, v in enumerate(views)]
    if not parts:
        parts = ['<p class="vault-base-empty">This base has no views.</p>']
    return '<div class="vault-base">' + "".join(parts) + "</div>", ctx.diagnostics


def _error_box(text: str) -> str:
    return f'<div class="vault-base vault-base-error">{html.escape(text)}</div>'


def _passes(flt: Any, path: str, ev: Evaluator, ctx: _Ctx, depth: int = 0) -> bool:
    """A filter: an expression, or ``and``/``or``/``not`` over a list of filters."""
    if flt is None:
        return True
    if depth > 32:
        ctx.warn("filters nested deeper than 32 levels")
        return False
    if isinstance(flt, dict):
        ok = True
        for key, items in flt.items():
            items = items if isinstance(items, list) else [items]
            results = (_passes(i, path, ev, ctx, depth + 1) for i in items)
            if key == "and":
                ok = ok and all(results)
            elif key == "or":
                ok = ok and any(results)
            elif key == "not":
                ok = ok and not any(results)
            else:
                ctx.warn(f"unknown filter key {key!r} (and, or, not)", str(key))
                return False
        return ok
    if isinstance(flt, list):
        return all(_passes(i, path, ev, ctx, depth + 1) for i in flt)
    text = to_text(flt)
    value, why = ev.value(text, path)
    if why is not None:
        ctx.warn(why, text)
    return truthy(value)


def _sort_key(v: Any) -> tuple[int, Any]:
    if v is None or v == "" or v == []:
        return (9, 0)
    if isinstance(v, bool):
        return (0, int(v))
    if isinstance(v, (int, float)):
        return (1, v if v == v else float("-inf"))
    if isinstance(v, Date):
        return (2, v.value)
    if isinstance(v, Duration):
        return (3, v.months * 2_592_000_000 + v.ms)
    if isinstance(v, FileRef):
        return (4, v.path.rsplit("/", 1)[-1].lower())
    return (4, to_text(v).lower())


def _view_html(view: dict[str, Any], number: int, rows_all: list[str], ev: Evaluator, ctx: _Ctx,
               names: dict[str, str], href: Href) -> str:  # fmt: skip
    kind = to_text(view.get("type") or "table")
    name = to_text(view.get("name") or kind.title())
    note = ""
    if kind not in VIEW_TYPES:
        note = NOT_DRAWN.get(kind, f"{kind} view shown as a table")
        kind = "table"
    rows = [p for p in rows_all if _passes(view.get("filters"), p, ev, ctx)]
    sorts = view.get("sort") if isinstance(view.get("sort"), list) else []
    for s in reversed(sorts):  # the first sort is the main one: sort by it last (stable sort)
        if not isinstance(s, dict) or "property" not in s:
            continue
        pid = prop_id(s["property"])
        desc = to_text(s.get("direction")).upper() == "DESC"
        rows.sort(key=lambda p: _desc_last(_sort_key(_cell(ev, ctx, pid, p)), desc), reverse=desc)
    limit = view.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0:
        rows = rows[:limit]
    elif limit is not None:
        ctx.warn(f"view {name!r}: limit must be a whole number", "limit")
    rows = rows[:MAX_ROWS]
    order = view.get("order") if isinstance(view.get("order"), list) else []
    columns = [prop_id(c) for c in order] or ["file.name"]
    summaries = _view_summaries(view, name, ctx)
    groups: list[tuple[str | None, list[str]]] = [(None, rows)]
    group_by = view.get("groupBy")
    if isinstance(group_by, dict) and group_by.get("property"):
        gid = prop_id(group_by["property"])
        desc = to_text(group_by.get("direction")).upper() == "DESC"
        buckets: dict[str, tuple[Any, list[str]]] = {}
        for p in rows:
            v = _cell(ev, ctx, gid, p)
            buckets.setdefault(to_text(v), (v, []))[1].append(p)
        ordered = sorted(buckets.items(), key=lambda kv: _desc_last(_sort_key(kv[1][0]), desc), reverse=desc)
        groups = [(label, ps) for label, (_v, ps) in ordered]
    head = (
        f'<div class="vault-base-head"><span class="vault-base-name">{html.escape(name)}</span> '
        f'<span class="vault-base-count">{len(rows)} result{"s" if len(rows) != 1 else ""}</span></div>'
    )
    if note:
        head += f'<p class="vault-base-note">{html.escape(note)}</p>'
    body = []
    if kind == "kanban":  # a column of cards per group ("None" for no value); one column ungrouped
        image = prop_id(view["image"]) if view.get("image") else None
        cols = []
        for label, ps in groups:
            title = "All" if label is None else label or "None"
            cols.append(
                f'<div class="vault-base-kanban-column"><div class="vault-base-group">{html.escape(title)} '
                f'<span class="vault-base-count">{len(ps)}</span></div>{_cards(columns, ps, ev, ctx, names, href, image)}</div>'
            )
        groups = []
        body.append(f'<div class="vault-base-kanban">{"".join(cols)}</div>')
    for label, ps in groups:
        if label is not None:
            body.append(f'<div class="vault-base-group">{html.escape(label or "None")}</div>')
        if kind == "table":
            body.append(_table(columns, ps, ev, ctx, names, href, summaries))
        elif kind == "cards":
            image = prop_id(view["image"]) if view.get("image") else None
            body.append(_cards(columns, ps, ev, ctx, names, href, image))
        else:
            body.append(_list(columns, ps, ev, ctx, href))
    return (
        f'<section class="vault-base-view vault-base-{kind}" data-view="{html.escape(name)}" '
        f'data-view-index="{number}">{head}{"".join(body)}</section>'
    )


def _desc_last(key: tuple[int, Any], desc: bool) -> tuple[int, Any]:
    """Empty values last in both directions."""
    return (-key[0], key[1]) if desc and key[0] == 9 else key


def _cell(ev: Evaluator, ctx: _Ctx, pid: str, path: str) -> Any:
    value, why = ev.prop(pid, path)
    if why is not None:
        ctx.warn(why, why.split("'")[1] if why.count("'") >= 2 else pid.partition(".")[2])
    return value


def _display(pid: str, names: dict[str, str]) -> str:
    if pid in names:
        return names[pid]
    kind, _, name = pid.partition(".")
    return name if kind != "file" else {"name": "file name"}.get(name, f"file {name}")


def _view_summaries(view: dict[str, Any], name: str, ctx: _Ctx) -> dict[str, str]:
    """A view's ``summaries:`` (property -> summary name), each name known: a built-in or one
    of the base's ``summaries:``; an unknown one is warned about and its cell stays empty."""
    raw = view.get("summaries")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        ctx.warn(f"view {name!r}: summaries must map properties to summary names", "summaries")
        return {}
    out = {}
    for prop, summary in raw.items():
        label = to_text(summary)
        if label in ctx.summaries or built_in(label) is not None:
            out[prop_id(prop)] = label
        else:
            ctx.warn(f"view {name!r}: unknown summary {label!r} for {to_text(prop)}", f"{prop}: {label}" if f"{prop}: {label}" in ctx.source else label)
    return out


def _summary(label: str, values: list[Any], ev: Evaluator, ctx: _Ctx) -> Any:
    source = ctx.summaries.get(label)
    if source is None:
        fn = built_in(label)
        return fn(values) if fn is not None else None
    value, why = ev.value(source, ctx.this or "", {"values": values})
    if why is not None:
        ctx.warn(f"summary {label!r}: {why}", source)
    return value


def _footer(columns: list[str], rows: list[str], ev: Evaluator, ctx: _Ctx, summaries: dict[str, str]) -> str:
    if not any(c in summaries for c in columns):
        return ""
    cells = []
    for c in columns:
        label = summaries.get(c)
        if label is None:
            cells.append("<td></td>")
            continue
        value = _summary(label, [_cell(ev, ctx, c, p) for p in rows], ev, ctx)
        shown = "" if value is None else summary_text(value)
        cells.append(
            f'<td data-summary="{html.escape(label)}"><span class="vault-base-summary-name">{html.escape(label)}</span> '
            f'<span class="vault-base-summary-value">{html.escape(shown)}</span></td>'
        )
    # a second tbody, not a tfoot: the page's sanitiser (nh3's tags) keeps tbody and drops tfoot
    return f'<tbody class="vault-base-summary"><tr class="vault-base-summary-row">{"".join(cells)}</tr></tbody>'


def _table(columns: list[str], rows: list[str], ev: Evaluator, ctx: _Ctx, names: dict[str, str], href: Href,
           summaries: dict[str, str] | None = None) -> str:  # fmt: skip
    head = "".join(f'<th data-prop="{html.escape(c)}">{html.escape(_display(c, names))}</th>' for c in columns)
    body = []
    for p in rows:
        cells = []
        for c in columns:
            v = _cell(ev, ctx, c, p)
            cells.append(f'<td data-sort="{html.escape(_sort_text(v))}">{_value_html(v, p, href, c)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="vault-base-scroll"><table class="vault-base-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody>{_footer(columns, rows, ev, ctx, summaries or {})}</table></div>"
    )


def _cards(columns: list[str], rows: list[str], ev: Evaluator, ctx: _Ctx, names: dict[str, str], href: Href,
           image: str | None) -> str:  # fmt: skip
    cards = []
    for p in rows:
        cover = ""
        if image is not None:
            src = _image_src(_cell(ev, ctx, image, p), href)
            if src:
                cover = f'<img class="vault-base-cover" src="{html.escape(src)}" alt="" loading="lazy">'
        fields = []
        for c in columns:
            if c == "file.name":
                continue
            v = _cell(ev, ctx, c, p)
            fields.append(
                f'<div class="vault-base-field"><span class="vault-base-label">{html.escape(_display(c, names))}</span> '
                f'<span class="vault-base-value">{_value_html(v, p, href, c)}</span></div>'
            )
        title = _value_html(FileRef(p), p, href)
        cards.append(f'<div class="vault-base-card">{cover}<div class="vault-base-card-title">{title}</div>{"".join(fields)}</div>')
    return f'<div class="vault-base-cards">{"".join(cards)}</div>'


def _list(columns: list[str], rows: list[str], ev: Evaluator, ctx: _Ctx, href: Href) -> str:
    items = []
    for p in rows:
        extra = [_value_html(_cell(ev, ctx, c, p), p, href, c) for c in columns if c != "file.name"]
        extra = [e for e in extra if e]
        tail = f' <span class="vault-base-value">{" · ".join(extra)}</span>' if extra else ""
        items.append(f"<li>{_value_html(FileRef(p), p, href)}{tail}</li>")
    return f'<ul class="vault-base-list">{"".join(items)}</ul>'


def _image_src(v: Any, href: Href) -> str | None:
    if isinstance(v, Html):
        v = v.text
    if isinstance(v, Link):
        if v.path is not None:
            return href(v.path)
        v = v.target
    if isinstance(v, str) and re.match(r"^https?://", v):
        return v
    return None


def _sort_text(v: Any) -> str:
    key = _sort_key(v)
    if key[0] in (1, 3):
        return f"{key[1]:.6f}" if isinstance(key[1], float) else str(key[1])
    if key[0] == 2:
        return key[1].isoformat()
    return "" if key[0] == 9 else to_text(v).lower()


def _value_html(v: Any, row: str, href: Href, column: str = "") -> str:
    if v is None:
        return ""
    if column == "file.name" and isinstance(v, str):
        v = FileRef(row)
    if isinstance(v, bool):
        return f'<input type="checkbox" disabled{" checked" if v else ""}>'
    if isinstance(v, FileRef):
        return _link_html(v.path, v.path.rsplit("/", 1)[-1].removesuffix(".md"), href)
    if isinstance(v, Link):
        text = v.display or (v.path.rsplit("/", 1)[-1].removesuffix(".md") if v.path else v.target)
        if v.path is None and re.match(r"^https?://", v.target):
            return f'<a class="vault-link vault-external" href="{html.escape(v.target)}">{html.escape(text)}</a>'
        if v.path is None:
            return f'<span class="vault-unresolved" title="{html.escape(v.target)}">{html.escape(text)}</span>'
        return _link_html(v.path, text, href)
    if isinstance(v, list):
        return ", ".join(x for x in (_value_html(i, row, href) for i in v[:1000]) if x)
    if isinstance(v, Html):
        if v.kind == "image":
            src = _image_src(v, href) or _image_src(Link(v.text), href)
            return f'<img class="vault-base-image" src="{html.escape(src)}" alt="">' if src else html.escape(v.text)
        return f'<span class="vault-base-{v.kind}">{html.escape(v.text)}</span>'
    return html.escape(to_text(v))


def _link_html(path: str, text: str, href: Href) -> str:
    url = href(path)
    if url is None:
        return f'<span class="vault-unresolved">{html.escape(text)}</span>'
    return f'<a class="vault-link" href="{html.escape(url)}">{html.escape(text)}</a>'
