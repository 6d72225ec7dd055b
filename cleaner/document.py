"""The one data model: a ``Document`` flowing through filters, and the ``Edit`` log it carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class Edit:
    """One change a filter made to ``Document.text``.

    ``pos`` is the offset in the text *at the moment the edit was applied*, so replaying
    the edits in order on ``source`` rebuilds ``text`` (see :func:`replay`).  ``pos`` is
    ``None`` for a note that is not replayed (an HTML element dropped while the page was
    turned into text).  ``line`` is 1-based, counted in the text the filter saw; filters
    keep line numbers stable until ``tidy`` (they blank lines instead of deleting them),
    so for a text page it is the line of the source file.
    """

    filter: str
    reason: str
    before: str
    after: str
    line: int
    pos: int | None = None

    @property
    def is_removal(self) -> bool:
        return self.after == "" and self.before.strip() != ""


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
    edits: list[Edit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None

    # -- editing ---------------------------------------------------------------------

    def replace_spans(self, filter: str, spans: list[tuple[int, int, str, str]]) -> int:
        """Apply non-overlapping ``(start, end, after, reason)`` replacements to ``text``.

        Spans are applied from the end of the text backwards, so each recorded ``pos`` is
        valid at the moment it is applied and a replay in list order reproduces the text.
        Returns the number of edits recorded (no-op spans are skipped).
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
        for start, end, after, reason in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
            if end > last_start:  # overlapping span: keep the later one
                continue
            before = text[start:end]
            if before == after:
                continue
            # spans apply from the end backwards, so ``start`` is valid at application time
            line = line_of[start]
            pieces.append(text[end:tail])
            pieces.append(after)
            tail = start
            self.edits.append(Edit(filter, reason, before, after, line, start))
            last_start = start
            done += 1
        if done:
            pieces.append(text[:tail])
            self.text = "".join(reversed(pieces))
        return done

    def remove_lines(self, filter: str, reasons: dict[int, str]) -> int:
        """Blank the given 0-based lines (their newline stays, so line numbers hold)."""
        if not reasons:
            return 0
        spans = []
        offset = 0
        for i, line in enumerate(self.text.split("\n")):
            if i in reasons and line.strip():
                spans.append((offset, offset + len(line), "", reasons[i]))
            offset += len(line) + 1
        return self.replace_spans(filter, spans)

    def replace_lines(self, filter: str, changes: dict[int, tuple[str, str]]) -> int:
        """Replace whole 0-based lines: ``{index: (new_line, reason)}``."""
        spans = []
        offset = 0
        for i, line in enumerate(self.text.split("\n")):
            if i in changes:
                new, reason = changes[i]
                spans.append((offset, offset + len(line), new, reason))
            offset += len(line) + 1
        return self.replace_spans(filter, spans)

    def note(self, filter: str, reason: str, before: str, line: int = 0) -> None:
        """Record something dropped outside ``text`` (not replayed)."""
        self.edits.append(Edit(filter, reason, before, "", line, None))

    # -- output ----------------------------------------------------------------------

    @property
    def removed(self) -> list[Edit]:
        return [e for e in self.edits if e.is_removal]

    def to_record(self) -> dict[str, Any]:
        """The JSONL record of SPEC.md."""
        meta = self.meta
        return {
            "path": self.path,
            "title": meta.get("title"),
            "date": meta.get("date"),
            "source": meta.get("source"),
            "editor": meta.get("editor"),
            "authors": list(meta.get("authors") or []),
            "place": meta.get("place"),
            "encoding": self.encoding,
            "encoding_confidence": self.encoding_confidence,
            "script": self.script,
            "text": self.text if self.error is None else "",
            "removed": [
                {"filter": e.filter, "reason": e.reason, "line": e.line, "text": e.before.strip()}
                for e in sorted(self.removed, key=lambda e: e.line)
            ],
            "warnings": list(self.warnings),
            "error": self.error,
        }


def replay(source: str, edits: list[Edit]) -> str:
    """Apply ``edits`` in order to ``source``; raise ``ValueError`` if one does not fit.

    >>> d = Document("x", source="ab\\ncd", text="ab\\ncd")
    >>> d.replace_spans("demo", [(0, 1, "A", "upper"), (3, 5, "", "drop")])
    2
    >>> replay(d.source, d.edits) == d.text == "Ab\\n"
    True
    """
    text = source
    for e in edits:
        if e.pos is None:
            continue
        if text[e.pos : e.pos + len(e.before)] != e.before:
            raise ValueError(f"edit by {e.filter} ({e.reason}) does not fit at {e.pos}")
        text = text[: e.pos] + e.after + text[e.pos + len(e.before) :]
    return text
