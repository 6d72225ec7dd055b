"""``meta``: extract the record's metadata fields, one module per field, listed in ``FIELDS``.

It reads the whole page (header and footer lines that ``deboiler`` later removes) and,
for HTML, ``<meta>``/JSON-LD/``<time>`` (``doc.head``).  It never edits the text: lines
that are wholly metadata go to ``doc.consumed`` for ``deboiler`` to remove with the reason
``metadata``; ``doc.provenance`` says which line and rule gave each field (``--explain``
and the dry-run).  One failing extractor costs only its own field, with a warning.

A new field is one module with a ``Field`` row and one entry in ``FIELDS``: the record,
``--explain`` and the consumption of its lines follow from it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...config import Options
from ...document import Document
from ...registry import register
from ...text.convert import to_target
from ...text.layout import page_core, page_lines
from . import date, people, place, source, title
from .common import Field, Found, Page

FIELDS: tuple[Field, ...] = (title.FIELD, date.FIELD, source.FIELD, people.EDITOR, people.AUTHORS, place.FIELD)
"""The record's metadata fields, in record order (a field may use those before it)."""


def long_run() -> None:
    """What a run of many pages builds once before its first page (or before its workers
    fork): the automaton over every place name (see :meth:`place.Gazetteer.complete`)."""
    place.gazetteer().complete()


def _extract(doc: Document, f: Field, page: Page, found: dict[str, Any]) -> Found | None:
    try:
        return f.extract(page, found)
    except Exception as exc:  # one failing extractor must not cost the others
        import logging  # here, not at the top: 7 ms of every start, needed only on a failure

        logging.getLogger("cleaner.meta").debug("meta %s failed on %s", f.name, doc.path, exc_info=True)
        doc.warnings.append(f"meta: {f.name} extractor failed: {type(exc).__name__}: {exc}")
        return None


@register("meta", order=60, after=("html",), fields=FIELDS, long_run=long_run)
def meta(doc: Document, opts: Options) -> Document:
    """Extract title, date, source, editor, authors and place from the whole page."""
    lines = page_lines(doc)
    page = Page(lines, page_core(doc, lines), doc.head, doc.kind)
    if (fetched := _fetched(doc)) is not None:
        page.now = page.fetched = fetched
    found: dict[str, Any] = {}
    provenance: dict[str, dict[str, Any]] = {}
    consumed: dict[int, list[str]] = {}
    for f in FIELDS:
        got = _extract(doc, f, page, found)
        found[f.name] = got.value if got is not None else ([] if f.many else None)
        if got is None:
            continue
        provenance[f.name] = {"line": None if got.line is None else got.line + 1, "rule": got.rule}
        for i in ((got.line,) if got.line is not None else ()) + got.also:
            if f.consume is None or f.consume(lines[i]):
                consumed.setdefault(i, []).append(f.name)

    convert = opts.to == "traditional" or (opts.to == "simplified" and doc.script != "simplified")
    for f in FIELDS:
        value = found[f.name]
        if convert and f.convert:
            value = [_norm(v, opts) for v in value] if f.many else _norm(value, opts)
        doc.meta[f.name] = value
    doc.provenance = provenance
    doc.consumed = {i: ", ".join(dict.fromkeys(names)) for i, names in consumed.items()}
    return doc


def _fetched(doc: Document) -> datetime | None:
    """When a crawler fetched the page (its WARC record's date), or None."""
    stamp = doc.origin.fetched if doc.origin is not None else None
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def _norm(value: Any, opts: Options) -> Any:
    return to_target(value, opts.to, opts.variant) if isinstance(value, str) else value
