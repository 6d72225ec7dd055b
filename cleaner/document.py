"""The one data model: a ``Document`` flowing through filters, and the ``Edit`` log it carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .text.layout import Line
    from .warc import Origin

# ``(start, end, after, reason)`` or ``(start, end, after, reason, detail)``
Span = tuple[int, int, str, str] | tuple[int, int, str, str, str]
# a line's reason: a key, or ``(key, detail)``
LineReason = str | tuple[str, str]


@dataclass(slots=True, frozen=True)
class Edit:
    """One change a filter made to ``Document.text``.

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
    layout: tuple[str, list[Line]] | None = None
    """Line features of ``text`` as it was when computed (``text.layout.page_lines``)."""

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

    def replace_spans(self, filter: str, spans: Sequence[Span]) -> int:
        """Apply non-overlapping ``(start, end, after, reason[, detail])`` replacements to ``text``.

        Spans are applied from the end of the text backwards, so each recorded ``pos`` is
        valid at the moment it is applied and a replay in list order reproduces the text.
        Identical changes next to each other on one line (the same text, replacement and
        reason: a comma injected before every mark) are recorded as one ``Edit`` with a
        count.  Returns the number of changes made (no-op spans are skipped).
        """
        text = self.text
        if not spans:
            return 0
        # line numbers of all starts in one ascending pass (str.count runs in C)
        line_of: dict[int, int] = {}
        prev, count = 0, 0
        for start in sorted({s[0] for s in spans}):
            count += text.count("\n", prev, start)
            line_of[start] = count + 1
            prev = start
        pieces: list[str] = []
        done = 0
        tail = len(text)  # text[tail:] is already in pieces (reversed)
        last_start = len(text) + 1
        run: list[Any] = []  # the change being repeated: [before, after, reason, detail, line, positions]
        for span in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
            start, end, after, reason = span[:4]
            if end > last_start:  # overlapping span: keep the later one
                continue
            before = text[start:end]
            if before == after:
                continue
            # spans apply from the end backwards, so ``start`` is valid at application time
            line = line_of[start]
            detail = span[4] if len(span) > 4 else ""
            pieces.append(text[end:tail])
            pieces.append(after)
            tail = start
            last_start = start
            done += 1
            if run and run[:5] == [before, after, reason, detail, line]:
                run[5].append(start)
                continue
            if run:
                self._record(filter, run)
            run = [before, after, reason, detail, line, [start]]
        if run:
            self._record(filter, run)
        if done:
            pieces.append(text[:tail])
            self.text = "".join(reversed(pieces))
        return done

    def _record(self, filter: str, run: list[Any]) -> None:
        before, after, reason, detail, line, positions = run
        self.edits.append(Edit(filter, reason, before, after, line, positions[0], detail, tuple(positions[1:])))

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

    def to_record(self) -> dict[str, Any]:
        """The JSONL record of SPEC.md."""
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
            "removed": [_removal(e) for e in sorted(self.removed, key=lambda e: e.line)],
            "warnings": list(self.warnings),
            "error": self.error,
        })
        return record


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
