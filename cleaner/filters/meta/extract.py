"""``meta``: the orchestrator.  Runs each field extractor, catches and logs each failure.

It reads the whole page (header and footer lines that ``deboiler`` later removes) and,
for HTML, ``<meta>``/JSON-LD/``<time>``.  It never edits the text: lines that are wholly
metadata are listed in ``doc.meta["_consumed"]`` for ``deboiler`` to remove with the
reason ``metadata: <field>``; ``doc.meta["_explain"]`` says which line and rule gave each
field (shown by ``--explain`` and the dry-run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ...config import Options
from ...document import Document
from ...registry import register
from ..layout import core, features
from ..script import to_target
from ..spam import is_spam
from . import fields
from .place import resolve

log = logging.getLogger("cleaner.meta")


def _safe(doc: Document, name: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except Exception as exc:  # one failing extractor must not cost the others
        log.debug("meta %s failed on %s", name, doc.path, exc_info=True)
        doc.warnings.append(f"meta: {name} extractor failed: {type(exc).__name__}: {exc}")
        return None


@register("meta")
def meta(doc: Document, opts: Options) -> Document:
    """Extract title, date, source, editor, authors and place from the whole page."""
    lines = features(doc.text, doc.meta.get("_lines"))
    page = fields.Page(lines, core(lines), doc.meta.get("_html") or {})
    explain: dict[str, dict[str, Any]] = {}
    consumed: dict[int, list[str]] = {}

    def use(field: str, found: fields.Found | None) -> Any:
        if found is None:
            return None
        explain[field] = {"line": None if found.line is None else found.line + 1, "rule": found.rule}
        if found.line is not None:
            ln = lines[found.line]
            if field == "title" or not ln.prose or ln.han <= 12:
                consumed.setdefault(found.line, []).append(field)
        return found.value

    title = None
    if doc.kind == "html":
        found = _safe(doc, "title", lambda: fields.title_from_html(page, is_spam))
        if found is not None and found.rule != "<h1> matching <title>" and fields.topic_overlap(
                page, found.value) < 0.25:
            # a <title> that shares nothing with the article is a site name: a dated
            # headline line in the page is better evidence
            inline = _safe(doc, "title", lambda: fields.title_from_lines(page, is_spam))
            if inline is not None and fields.topic_overlap(page, inline.value) >= 0.25:
                found = inline
        title = use("title", found)
        # the headline also stands in the body as a line: let deboiler remove it there
        if title:
            for ln in lines[: (page.core[0] if page.core else len(lines))]:
                if ln.text and (ln.text == title or fields.clean_title(ln.text) == title):
                    consumed.setdefault(ln.index, []).append("title")
    if title is None:
        title = use("title", _safe(doc, "title", lambda: fields.title_from_lines(page, is_spam)))
    date = use("date", _safe(doc, "date", lambda: fields.pick_date(page)))
    source = use("source", _safe(doc, "source", lambda: fields.pick_source(page, is_spam)))
    editor = use("editor", _safe(doc, "editor", lambda: fields.pick_editor(page)))
    authors: list[str] = []
    got = _safe(doc, "authors", lambda: fields.pick_authors(page, editor))
    if got:
        authors, used, rule = got
        if authors:
            explain["authors"] = {"line": used[0] + 1 if used else None, "rule": rule}
            for i in used:
                ln = lines[i]
                if not ln.prose or ln.han <= 30:
                    consumed.setdefault(i, []).append("authors")
    _, dl_place, _ = _safe(doc, "dateline", lambda: fields.dateline(page)) or (None, None, None)

    def place_texts() -> list[tuple[str, float]]:
        texts: list[tuple[str, float]] = []
        if title:
            texts.append((title, 3.0))
        first, last = page.core if page.core else (len(lines), len(lines))
        for ln in lines:
            if not ln.text or ln.cue:
                continue
            if first <= ln.index <= last:
                texts.append((ln.text, 1.0))
        return texts

    place = _safe(doc, "place", lambda: resolve(place_texts(), dl_place))
    if place:
        explain["place"] = {"line": None, "rule": "gazetteer: most-mentioned division, resolved upward"}

    convert = opts.to == "traditional" or (opts.to == "simplified" and doc.script != "simplified")

    def norm(v: Any) -> Any:
        return to_target(v, opts) if convert and isinstance(v, str) else v

    doc.meta.update(
        title=norm(title), date=date, source=norm(source), editor=norm(editor),
        authors=[norm(a) for a in authors], place=place,
    )
    doc.meta["_explain"] = explain
    doc.meta["_consumed"] = {i: "metadata: " + ", ".join(dict.fromkeys(f)) for i, f in consumed.items()}
    return doc
