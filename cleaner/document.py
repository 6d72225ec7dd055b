"""The one data model: a ``Document`` flowing through filters, and the ``Edit`` log it carries."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .text.layout import Line
    from .warc import Origin

# ``(start, end, after, reason)`` or ``(start, end, after, reason, detail)``
Span = tuple[int, int, str, str] | tuple[int, int, str, str, str]
# a line's reason: a key, or ``(key, detail)``
LineReason = str | tuple[str, str]


@dataclass(slots=True)
class Edit:
    """One change a filter made to ``Document.text`` (never changed once made; not frozen, as
    a frozen dataclass takes four times as long to build and a page makes hundreds).

    ``pos`` is the offset in the text *at the moment the edit was applied*, so replaying
    the edits in order on ``source`` rebuilds ``text`` (see :func:`replay`).  ``pos`` is
    ``None`` for a note that is not replayed (an HTML element dropped while the page was
    turned into text).  ``line`` is 1-based, counted in the text the filter saw; filters
    keep line numbers stable until ``tidy`` (they blank lines instead of deleting them),
    so for a text page it is the line of the source file.  ``reason`` is a fixed key
    (``outside the article``) and ``detail`` the value that goes with it (``header``), so
    edits can be counted by reason; :attr:`label` is how the two read together.
    """

    filter: str
    reason: str
    before: str
    after: str
    line: int
    pos: int | None = None
    detail: str = ""
    more: tuple[int, ...] = ()
    """Further positions of the same change on the same line, each valid after the one
    before it was applied (descending): repeated identical edits are one ``Edit``."""

    @property
    def is_removal(self) -> bool:
        return self.after == "" and self.before.strip() != ""

    @property
    def count(self) -> int:
        """How many times this change was made (``1 + len(more)``)."""
        return 1 + len(self.more)

    @property
    def positions(self) -> tuple[int, ...]:
        return () if self.pos is None else (self.pos, *self.more)

    @property
    def label(self) -> str:
        """The reason as a reader sees it, with its detail (``outside the article (header)``)."""
        if not self.detail:
            return self.reason
        from .registry import label

        return label(self.filter, self.reason, self.detail)


@dataclass(slots=True, frozen=True)
class Block:
    """What ``html`` knows of one output line: link density, tag, a class/id hint."""

    link: float = 0.0
    tag: str = ""
    hint: str | None = None


@dataclass(slots=True)
class Head:
    """What ``html`` read outside the body: ``<title>``, ``<meta>``, JSON-LD, ``<time>``, ``<h1>``."""

    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    time: list[str] = field(default_factory=list)
    h1: list[str] = field(default_factory=list)
    canonical: str | None = None


@dataclass(slots=True)
class Document:
    """A page: its bytes, the decoded source (never changed) and the text filters edit."""

    path: str
    raw: bytes = b""
    """The page's bytes, until ``decode`` has made ``source`` of them."""
    encoding: str | None = None
    encoding_confidence: float | None = None
    source: str = ""
    text: str = ""
    kind: str = "text"  # "text" or "html"
    script: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """The record fields filters extracted (``title``, ``date``, …)."""
    edits: list[Edit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    url: str | None = None
    """Where the page lives: the crawl's URL, else the one the page states (canonical, og:url)."""
    origin: Origin | None = None
    """For a page from a WARC: its URL, record id, fetch time and HTTP charset."""
    # -- what filters hand each other (not part of the record) --
    blocks: list[Block] | None = None
    """``html``: one :class:`Block` per line of the rendered text."""
    head: Head | None = None
    """``html``: what the page says outside its body."""
    consumed: dict[int, str] = field(default_factory=dict)
    """``meta``: 0-based lines that are wholly metadata -> the fields they gave (for ``deboiler``)."""
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    """``meta``: per field, the line and rule it came from (``--explain``)."""
    read_as: str | None = None
    """``simplify``: the OpenCC config through which the later filters read ``text`` (``t2s``
    once it was turned traditional), so that their simplified patterns still match."""
    layout: tuple[str, list[Line], list[tuple[int, int] | None]] | None = None
    """Line features of ``text`` as it was when computed, and the article core found in them
    once asked for (``text.layout.page_lines``, ``page_core``)."""

    def slim(self) -> None:
        """Drop what only filters need, keeping what the record, the diff and ``--explain`` use."""
        self.raw = b""
        self.source = ""
        self.edits = self.removed
        self.blocks = None
        self.head = None
        self.layout = None
        self.consumed = {}

    # -- editing ---------------------------------------------------------------------

    def replace_spans(self, filter: str, spans: Iterable[Span]) -> int:
        """Apply ``(start, end, after, reason[, detail])`` replacements to ``text``.

        Where spans overlap, the one that starts later is kept.  Each recorded ``pos`` is
        valid when the edits are applied from the end of the text backwards, the order in
        which they are logged, so a replay in list order reproduces the text.  Identical
        changes next to each other on one line (the same text, replacement and reason: a
        comma injected before every mark) are recorded as one ``Edit`` with a count.
        Returns the number of changes made (no-op spans are skipped).
        """
        text = self.text
        kept: list[Span] = []
        last_start = len(text) + 1
        # from the end: a span reaching into a kept one goes; a span that changes nothing is skipped
        for span in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
            if span[1] <= last_start and text[span[0]:span[1]] != span[2]:
                kept.append(span)
                last_start = span[0]
        del text
        kept.reverse()
        return self.replace_sorted(filter, kept)

    def replace_sorted(self, filter: str, spans: Iterable[Span]) -> int:
        """:meth:`replace_spans` for spans already in ascending order and not overlapping
        (as a regex's ``finditer`` gives them), taken one at a time: a page with hundreds of
        thousands of changes holds no list of them, only their edits.  Raises
        ``ValueError`` on a span out of order."""
        text = self.text
        out = io.StringIO()
        write = out.write
        count = text.count
        tail = 0  # text[:tail] is written
        line, counted = 1, 0  # the line of offset ``counted``
        seen: dict[str, str] = {}  # one string object per distinct removed text
        runs: list[Edit] = []  # one per run of identical changes, at its first position
        more: dict[int, list[int]] = {}  # a run's further positions, ascending
        last: tuple[str, str, str, str, int] | None = None  # the last run's change, to compare
        done = 0
        for span in spans:
            start, end, after, reason = span[0], span[1], span[2], span[3]
            if start < tail:
                raise ValueError(f"span {start}:{end} overlaps or precedes the one before it")
            before = text[start:end]
            if before == after:
                continue
            before = seen.setdefault(before, before)
            line += count("\n", counted, start)
            counted = start
            detail = span[4] if len(span) > 4 else ""  # type: ignore[misc]
            write(text[tail:start])
            write(after)
            tail = end
            done += 1
            key = (before, after, reason, detail, line)
            if key == last:
                more.setdefault(len(runs) - 1, []).append(start)
            else:
                runs.append(Edit(filter, reason, before, after, line, start, detail))
                last = key
        if not done:
            return 0
        out.write(text[tail:])
        del text
        self.text = out.getvalue()
        for i, rest in more.items():  # logged from the end backwards: the last position first
            e = runs[i]
            runs[i] = Edit(filter, e.reason, e.before, e.after, e.line, rest[-1], e.detail,
                           (*reversed(rest[:-1]), e.pos))  # type: ignore[arg-type]
        runs.reverse()
        self.edits += runs
        return done

    def remove_lines(self, filter: str, reasons: Mapping[int, LineReason]) -> int:
        """Blank the given 0-based lines (their newline stays, so line numbers hold); a reason
        is a key or ``(key, detail)``."""
        if not reasons:
            return 0
        return self.replace_lines(filter, {i: ("", r) for i, r in reasons.items()}, skip_blank=True)

    def replace_lines(self, filter: str, changes: Mapping[int, tuple[str, LineReason]],
                      skip_blank: bool = False) -> int:
        """Replace whole 0-based lines: ``{index: (new_line, reason)}``; a reason is a key or
        ``(key, detail)``; with ``skip_blank``, blank lines are left as they are."""
        from .text.lines import walk

        spans: list[Span] = []
        for i, offset, line in walk(self.text):
            if i in changes and (line.strip() or not skip_blank):
                new, reason = changes[i]
                key, detail = (reason, "") if isinstance(reason, str) else reason
                spans.append((offset, offset + len(line), new, key, detail))
        return self.replace_spans(filter, spans)

    def note(self, filter: str, reason: str, before: str, line: int = 0, detail: str = "") -> None:
        """Record something dropped outside ``text`` (not replayed)."""
        self.edits.append(Edit(filter, reason, before, "", line, None, detail))

    # -- output ----------------------------------------------------------------------

    @property
    def removed(self) -> list[Edit]:
        return [e for e in self.edits if e.is_removal]

    def to_record(self, removed: bool = True) -> dict[str, Any]:
        """The JSONL record of SPEC.md (with ``removed`` empty unless asked for)."""
        from .registry import record_fields

        record: dict[str, Any] = {"path": self.path}
        for f in record_fields():
            value = self.meta.get(f.name)
            record[f.name] = list(value or []) if f.many else value
        record.update({
            "encoding": self.encoding,
            "encoding_confidence": self.encoding_confidence,
            "script": self.script,
            "url": self.url,
            **({"warc_record_id": self.origin.record_id, "fetched": self.origin.fetched}
               if self.origin is not None and self.origin.record_id else {}),
            "text": self.text if self.error is None else "",
            "removed": [_removal(e) for e in sorted(self.removed, key=lambda e: e.line)] if removed else [],
            "warnings": list(self.warnings),
            "error": self.error,
        })
        return record

    def record_line(self, fields: Sequence[str] = ()) -> bytes:
        """The record (only ``fields``, in that order, when given) as one UTF-8 JSON line, the
        same bytes as ``json.dumps(record, ensure_ascii=False)``.  The ``removed`` list is
        encoded a batch at a time: a page with hundreds of thousands of removals never holds
        them all as dicts, nor the line as a string beside its bytes."""
        record = self.to_record(removed=False)
        entries = sorted(self.removed, key=lambda e: e.line)
        if len(entries) <= RECORD_BATCH:  # nearly every page: one encoding of the whole record
            record["removed"] = [_removal(e) for e in entries]
            chosen = {k: record.get(k) for k in fields} if fields else record
            return (json.dumps(chosen, ensure_ascii=False) + "\n").encode()
        out = io.BytesIO()
        sep = "{"
        for key in fields or record:
            head = f"{sep}{json.dumps(key)}: "
            sep = ", "
            if key != "removed":
                out.write((head + json.dumps(record.get(key), ensure_ascii=False)).encode())
                continue
            out.write(f"{head}[".encode())
            for i in range(0, len(entries), RECORD_BATCH):
                batch = json.dumps([_removal(e) for e in entries[i:i + RECORD_BATCH]], ensure_ascii=False)
                out.write(((", " if i else "") + batch[1:-1]).encode())
            out.write(b"]")
        out.write(b"}\n" if sep == ", " else b"{}\n")
        return out.getvalue()


RECORD_BATCH = 1024  # removals encoded together by :meth:`Document.record_line`


def record_keys(warc: bool = False) -> list[str]:
    """The keys of a record, in order (``warc``: with the keys only WARC pages have)."""
    from .registry import record_fields

    return ["path", *(f.name for f in record_fields()), "encoding", "encoding_confidence", "script", "url",
            *(("warc_record_id", "fetched") if warc else ()), "text", "removed", "warnings", "error"]


def _removal(e: Edit) -> dict[str, Any]:
    """One entry of the record's ``removed`` list (``count`` when the removal repeats)."""
    out: dict[str, Any] = {"filter": e.filter, "reason": e.label, "line": e.line, "text": e.before.strip()}
    if e.more:
        out["count"] = e.count
    return out


def replay(source: str, edits: list[Edit]) -> str:
    """Apply ``edits`` in order to ``source``; raise ``ValueError`` if one does not fit.

    Changes that come from the end of the text backwards (as one ``replace_spans`` makes
    them) are applied in one pass, so a replay takes time linear in the text and the edits.

    >>> d = Document("x", source="ab\\ncd", text="ab\\ncd")
    >>> d.replace_spans("demo", [(0, 1, "A", "upper"), (3, 5, "", "drop")])
    2
    >>> replay(d.source, d.edits) == d.text == "Ab\\n"
    True
    >>> d = Document("x", source="a,!b,!", text="a,!b,!")
    >>> d.replace_spans("demo", [(1, 2, "", "comma"), (4, 5, "", "comma")]), [e.count for e in d.edits]
    (2, [2])
    >>> replay(d.source, d.edits)
    'a!b!'
    """
    text = source
    run: list[tuple[int, Edit]] = []  # changes that go backwards: applied together

    def apply(text: str) -> str:
        pieces: list[str] = []
        tail = len(text)
        for pos, e in run:
            end = pos + len(e.before)
            if text[pos:end] != e.before:
                raise ValueError(f"edit by {e.filter} ({e.reason}) does not fit at {pos}")
            pieces += (text[end:tail], e.after)
            tail = pos
        pieces.append(text[:tail])
        run.clear()
        return "".join(reversed(pieces))

    for e in edits:
        for pos in e.positions:
            if run and pos + len(e.before) > run[-1][0]:
                text = apply(text)
            run.append((pos, e))
    return apply(text) if run else text
