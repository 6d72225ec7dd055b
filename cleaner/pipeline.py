"""Composition in one place: run documents through named steps.  Knows nothing of click."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from .config import DEFAULT, Options
from .document import Document
from .errors import CleanerError, too_large
from .text.han import HAN_RX, at_least, count

if TYPE_CHECKING:
    from .warc import Origin

Step = tuple[str, Callable[[Document], Document]]


def steps_for(names: Sequence[str], opts: Options = DEFAULT) -> list[Step]:
    """Bind each named filter to ``opts``."""
    from .registry import load

    filters = load()
    return [(n, partial(filters[n].func, opts=opts)) for n in names]  # type: ignore[call-arg]


def run_one(doc: Document, steps: Sequence[Step]) -> Document:
    """Run one document through ``steps``; a failure becomes ``doc.error`` and stops it."""
    for name, step in steps:
        if doc.error is not None:
            break
        t0 = time.perf_counter()
        try:
            doc = step(doc)
        except CleanerError as exc:
            doc.error = str(exc)
        except Exception as exc:  # a bug in one filter must not end the run
            import logging  # here, not at the top: 7 ms of every start, needed only on a failure

            logging.getLogger("cleaner").debug("filter %s failed on %s", name, doc.path, exc_info=True)
            doc.error = f"{name}: internal error: {type(exc).__name__}: {exc}"
        doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - t0
    return doc


def run(docs: Iterable[Document], steps: Sequence[Step]) -> Iterator[Document]:
    """Run every document through ``steps`` lazily, in order."""
    for doc in docs:
        yield run_one(doc, steps)


def clean_bytes(data: bytes, name: str | None = None, *, skip: tuple[str, ...] = (),
                only: tuple[str, ...] = (), **options: object) -> Document:
    """Clean one page given as bytes with the default chain; the library's entry point.

    >>> doc = clean_bytes("标题\\n\\n正文第一段,内容。".encode("gbk"))
    >>> doc.encoding, doc.error
    ('gb18030', None)
    """
    from .registry import chain

    opts = DEFAULT.with_(**options) if options else DEFAULT
    return clean_data(data, name or "<bytes>", chain(skip, only), opts)


def clean_data(data: bytes, name: str, names: Sequence[str], opts: Options, origin: Origin | None = None
               ) -> Document:
    """Clean one page's bytes with the named filters (a page over ``--max-bytes`` is refused);
    ``origin`` says where a crawled page came from (its URL and HTTP charset)."""
    return clean_document(page_document(data, name, origin), names, opts)


def page_document(data: bytes, name: str, origin: Origin | None = None) -> Document:
    """A ``Document`` of one page's bytes, with where it came from."""
    return Document(path=name, raw=data, origin=origin, url=origin.url if origin is not None else None)


def clean_document(doc: Document, names: Sequence[str], opts: Options) -> Document:
    """:func:`clean_data` for a ``Document`` made of a page's bytes: a caller that keeps no
    other reference to them lets ``decode`` free them."""
    if len(doc.raw) > opts.max_bytes:
        doc.error = str(too_large(len(doc.raw), opts.max_bytes))
        return doc
    return finish(run_one(doc, _cached_steps(tuple(names), opts)))


SHORT_BODY = 0.5  # a body with fewer Han characters than this share of the page's longest prose block


def finish(doc: Document) -> Document:
    """Say when a page gave no article or too little of one: an empty body, no Chinese in it,
    or a body shorter than the longest block of prose the page holds (never silence)."""
    if doc.error is None and doc.encoding is not None:
        if not doc.text.strip():
            doc.warnings.append("empty body: no article text found")
        elif not HAN_RX.search(doc.text):
            doc.warnings.append("no Chinese article found")
        elif doc.layout is not None:
            # prose: sentences, at least one end mark every 150 Han characters (not keyword stuffing)
            best = max((ln.han for ln in doc.layout[1] if ln.sentences and ln.han <= 150 * ln.sentences), default=0)
            if not at_least(HAN_RX, doc.text, SHORT_BODY * best):  # most bodies: told from their start
                kept = count(HAN_RX, doc.text)
                doc.warnings.append(f"short body: {kept} Han characters kept, the page has a prose block of {best}")
    return doc


_STEPS: dict[tuple[tuple[str, ...], Options], list[Step]] = {}


def _cached_steps(names: tuple[str, ...], opts: Options) -> list[Step]:
    key = (names, opts)
    if key not in _STEPS:
        _STEPS[key] = steps_for(names, opts)
    return _STEPS[key]
