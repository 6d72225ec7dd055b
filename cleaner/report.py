"""Dry-run diffs, ``--explain`` and the summary table, built only from ``Document.edits``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .document import Document, Edit, replay


def base_text(doc: Document) -> tuple[str, list[Edit]]:
    """The text the line-level edits refer to (after HTML → text) and the edits after it."""
    for i, e in enumerate(doc.edits):
        if e.filter == "html" and e.pos == 0 and e.after:
            return e.after, doc.edits[i + 1 :]
    return doc.source, doc.edits


def annotated_diff(doc: Document) -> list[tuple[str, str]]:
    """``(style, line)`` pairs: per source line, what was removed or changed, by which
    filter and why.

    Filters keep line numbers stable until ``tidy`` (they blank lines rather than delete
    them), so replaying the edits before ``tidy`` gives one line per source line: a line
    that became empty was removed (by the last filter that emptied it), a line that
    differs was changed.  Changes by ``punct`` alone are counted, not shown.
    """
    base, edits = base_text(doc)
    out: list[tuple[str, str]] = [("header", f"--- {doc.path}"), ("header", f"+++ {doc.path} (cleaned)")]
    for e in doc.edits:
        if e.pos is None:
            out.append(("note", f"# dropped by {e.filter} ({e.label}): {_short(e.before)}"))
    stable = []
    for e in edits:
        if e.filter == "tidy" or (e.pos is not None and "\n" in e.after):
            break
        stable.append(e)
    mid = replay(base, stable).split("\n")
    a = base.split("\n")
    if len(mid) != len(a):  # a chain that changed the line structure early: plain diff
        return out + _plain_diff(a, doc.text.split("\n"))
    by_line: dict[int, list[Edit]] = {}
    for e in stable:
        if e.pos is not None:
            by_line.setdefault(e.line, []).append(e)
    cosmetic: Counter[str] = Counter()
    for k, (old, new) in enumerate(zip(a, mid, strict=True)):
        if old == new or not old.strip():
            continue
        why = by_line.get(k + 1, [])
        if not new.strip():
            killer = next((e for e in reversed(why) if e.after == "" and e.before.strip()), None)
            label = f"{killer.filter}: {killer.label}" if killer else "removed"
            earlier = [f"{e.filter}: {e.label}" for e in why if e is not killer and e.filter not in COSMETIC]
            extra = f" (after {'; '.join(dict.fromkeys(earlier))})" if earlier else ""
            out.append(("del", f"-{k + 1:>4} {old.strip()}    [{label}]{extra}"))
            continue
        filters = [e for e in why if e.filter not in COSMETIC]
        if not filters:
            for e in why:
                cosmetic[e.filter] += 1
            continue
        label = "; ".join(dict.fromkeys(f"{e.filter}: {e.label}" for e in filters))
        out.append(("del", f"~{k + 1:>4} {old.strip()}"))
        out.append(("add", f"+{k + 1:>4} {new.strip()}    [{label}]"))
    splits = sum(1 for e in doc.edits if e.filter == "tidy" and e.reason == "paragraph break")
    if splits:
        out.append(("note", f"# tidy split flattened text at {splits} paragraph break(s)"))
    if cosmetic:
        out.append(("note", "# also changed, not shown: " + ", ".join(
            f"{n} line(s) by {f}" for f, n in cosmetic.items())))
    return out


def _plain_diff(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    import difflib  # here: only a dry run's diff needs it

    out = []
    for line in difflib.unified_diff(a, b, lineterm="", n=0):
        if line.startswith(("---", "+++")):
            continue
        out.append(("hunk" if line.startswith("@@") else "del" if line.startswith("-") else "add", line))
    return out


COSMETIC = ("punct", "tidy")


def _short(s: str, n: int = 80) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def explain(doc: Document) -> list[str]:
    """One line per metadata field: its value, the line and rule it came from."""
    from .registry import record_fields

    out = [f"# {doc.path}"]
    for f in record_fields():
        field = f.name
        value = doc.meta.get(field)
        how = doc.provenance.get(field)
        where = f"line {how['line']}" if how and how.get("line") else "page"
        rule = f"{where}, {how['rule']}" if how else "not stated"
        out.append(f"{field:8} {value!r}  <- {rule}")
    return out


@dataclass(slots=True)
class Stats:
    """What one page adds to the summary (small: a worker sends it back with the page)."""

    removed: dict[str, int] = field(default_factory=dict)
    reasons: dict[tuple[str, str], int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    chars_in: int = 0
    chars_out: int = 0

    def __reduce__(self) -> tuple[type[Stats], tuple[Any, ...]]:
        # plain dicts in a tuple: the parent unpickles a page's stats in C
        return Stats, (self.removed, self.reasons, self.changed, self.seconds, self.chars_in, self.chars_out)

    @classmethod
    def of(cls, doc: Document) -> Stats:
        st = cls(seconds=dict(doc.timings), chars_in=len(doc.source), chars_out=len(doc.text))
        removed, reasons, changed = st.removed, st.reasons, st.changed
        for e in doc.edits:
            if e.is_removal:
                removed[e.filter] = removed.get(e.filter, 0) + 1
                key = (e.filter, e.reason)
                reasons[key] = reasons.get(key, 0) + 1
            elif e.pos is not None and e.before.strip() != e.after.strip():
                changed[e.filter] = changed.get(e.filter, 0) + 1
        return st


class Summary:
    """Counts for the closing table: pages, lines removed per filter and per reason, errors,
    warnings."""

    def __init__(self) -> None:
        self.pages = 0
        self.errors: list[tuple[str, str]] = []
        self.warnings: Counter[str] = Counter()  # by kind: the text before the first colon
        self.removed: Counter[str] = Counter()
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.changed: Counter[str] = Counter()
        self.seconds: dict[str, float] = {}
        self.chars_in = 0
        self.chars_out = 0

    def add(self, path: str, error: str | None, warnings: Iterable[str], stats: Stats | None) -> None:
        self.pages += 1
        for w in warnings:
            self.warnings[w.split(":")[0]] += 1
        if error:
            self.errors.append((path, error))
            return
        if stats is None:
            return
        self.chars_in += stats.chars_in
        self.chars_out += stats.chars_out
        self.removed.update(stats.removed)
        self.reasons.update(stats.reasons)
        self.changed.update(stats.changed)
        for name, t in stats.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + t
    def rows(self, filters: Iterable[str]) -> list[tuple[str, str, str, str]]:
        return [(f, str(self.removed.get(f, 0)), str(self.changed.get(f, 0)),
                 f"{self.seconds.get(f, 0.0) * 1000:.0f}") for f in filters]

    def reason_rows(self, filters: Iterable[str]) -> list[tuple[str, str, int]]:
        """``(filter, reason key, lines removed)``, filters in chain order, most first."""
        order = {f: i for i, f in enumerate(filters)}
        return [(f, r, n) for (f, r), n in sorted(self.reasons.items(), key=lambda kv: (
            order.get(kv[0][0], len(order)), -kv[1], kv[0][1]))]

    def plain(self, filters: Iterable[str]) -> str:
        filters = list(filters)
        lines = [f"pages: {self.pages}  errors: {len(self.errors)}  "
                 f"kept: {self.chars_out:,} of {self.chars_in:,} characters",
                 f"{'filter':10} {'removed':>8} {'changed':>8} {'ms':>8}"]
        for f, r, c, ms in self.rows(filters):
            lines.append(f"{f:10} {r:>8} {c:>8} {ms:>8}")
        if self.reasons:
            lines.append(f"{'filter':10} {'reason':34} {'removed':>8}")
            for f, reason, n in self.reason_rows(filters):
                lines.append(f"{f:10} {reason[:34]:34} {n:>8}")
        for kind, n in sorted(self.warnings.items()):
            lines.append(f"warning: {kind}: {n} page(s)")
        for path, err in self.errors:
            lines.append(f"error: {path}: {err}")
        return "\n".join(lines)
