"""Dry-run diffs, ``--explain`` and the summary table, built only from ``Document.edits``."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .document import Document, Edit


def base_text(doc: Document) -> tuple[str, list[Edit]]:
    """The text the line-level edits refer to (after HTML → text) and the edits after it."""
    for i, e in enumerate(doc.edits):
        if e.filter == "html" and e.pos == 0 and e.after:
            return e.after, doc.edits[i + 1 :]
    return doc.source, doc.edits


def annotated_diff(doc: Document) -> list[tuple[str, str]]:
    """``(style, line)`` pairs: a unified diff of source vs cleaned, each removed or changed
    line annotated with the filter(s) and reason(s) that did it."""
    base, edits = base_text(doc)
    by_line: dict[int, list[Edit]] = {}
    for e in edits:
        if e.pos is not None and e.filter != "tidy":
            by_line.setdefault(e.line, []).append(e)
    a = base.split("\n")
    b = doc.text.split("\n")
    out: list[tuple[str, str]] = [("header", f"--- {doc.path}"), ("header", f"+++ {doc.path} (cleaned)")]
    for e in doc.edits:
        if e.pos is None:
            out.append(("note", f"# dropped by {e.filter} ({e.reason}): {_short(e.before)}"))
    cosmetic = Counter(e.filter for e in edits if e.filter in COSMETIC and e.pos is not None
                       and e.before.strip() != e.after.strip())
    # align modulo width and whitespace: a line only punct or tidy touched is not a change
    na, nb = [_fold(x) for x in a], [_fold(x) for x in b]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, na, nb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if not any(x for x in na[i1:i2]) and not any(x for x in nb[j1:j2]):
            continue
        out.append(("hunk", f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@"))
        for k in range(i1, i2):
            if not a[k].strip():
                continue
            why = by_line.get(k + 1, [])
            label = "; ".join(dict.fromkeys(f"{e.filter}: {e.reason}" for e in why)) or "tidy: layout"
            out.append(("del", f"-{a[k]}    [{label}]"))
        for k in range(j1, j2):
            out.append(("add", f"+{b[k]}"))
    if cosmetic:
        out.append(("note", "# also changed, not shown: " + ", ".join(
            f"{n} line(s) by {f}" for f, n in cosmetic.items())))
    return out


COSMETIC = ("punct", "tidy")


def _fold(s: str) -> str:
    import unicodedata

    return "".join(unicodedata.normalize("NFKC", s).split())


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def explain(doc: Document) -> list[str]:
    """One line per metadata field: its value, the line and rule it came from."""
    out = [f"# {doc.path}"]
    info: dict[str, Any] = doc.meta.get("_explain") or {}
    for field in ("title", "date", "source", "editor", "authors", "place"):
        value = doc.meta.get(field)
        how = info.get(field)
        where = f"line {how['line']}" if how and how.get("line") else "page"
        rule = f"{where}, {how['rule']}" if how else "not stated"
        out.append(f"{field:8} {value!r}  <- {rule}")
    return out


class Summary:
    """Counts for the closing table: pages, lines removed per filter, errors."""

    def __init__(self) -> None:
        self.pages = 0
        self.errors: list[tuple[str, str]] = []
        self.removed: Counter[str] = Counter()
        self.changed: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}
        self.chars_in = 0
        self.chars_out = 0

    def add(self, doc: Document) -> None:
        self.pages += 1
        if doc.error:
            self.errors.append((doc.path, doc.error))
            return
        self.chars_in += len(doc.source)
        self.chars_out += len(doc.text)
        for e in doc.edits:
            if e.is_removal:
                self.removed[e.filter] += 1
            elif e.pos is not None and e.before.strip() != e.after.strip():
                self.changed[e.filter] += 1
        for name, t in doc.timings.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + t

    def rows(self, filters: Iterable[str]) -> list[tuple[str, str, str, str]]:
        return [(f, str(self.removed.get(f, 0)), str(self.changed.get(f, 0)),
                 f"{self.seconds.get(f, 0.0) * 1000:.0f}") for f in filters]

    def plain(self, filters: Iterable[str]) -> str:
        lines = [f"pages: {self.pages}  errors: {len(self.errors)}  "
                 f"kept: {self.chars_out:,} of {self.chars_in:,} characters",
                 f"{'filter':10} {'removed':>8} {'changed':>8} {'ms':>8}"]
        for f, r, c, ms in self.rows(filters):
            lines.append(f"{f:10} {r:>8} {c:>8} {ms:>8}")
        for path, err in self.errors:
            lines.append(f"error: {path}: {err}")
        return "\n".join(lines)
