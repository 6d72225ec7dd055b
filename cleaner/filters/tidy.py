"""``tidy``: the final layout: one paragraph a line, no blank lines, no edge whitespace.

It also splits an article flattened onto one line (paragraphs joined by spaces, as some
scrapers leave them) at its sentence ends and after short headings, and trims layout
residue (``|``) from line ends.  Whitespace-only edits are replayable but not reported
as removals.
"""

from __future__ import annotations

import re

from ..config import Options
from ..document import Document, Span
from ..registry import register
from ..text import rx
from ..text.lines import walk

SENT_END = "。！？!?…”」』）)"
# the space first and the sentence end looked back at from it: the search skips to spaces (a
# pattern that starts with its look-behind tries every position), and a look-ahead for the
# first character does the same for the pipes at a line's edges
_BREAK = rx.compile(rf"[ \t\u3000](?<=[{SENT_END}][ \t\u3000])[ \t\u3000]*(?=[^\s])")
_HEADING = rx.compile(r"([^\s。！？!?；;]{2,30})[ \t\u3000]+(?=\S.{20})")  # matched at a segment start
_DATELINE = rx.compile(r"(\d{1,2}月\d{1,2}日)?(电|讯)$")
_EDGE_PIPES = rx.compile(r"(?=[\s|｜])(?:(?:\s*[|｜]+\s*)+$|^(?:\s*[|｜]+\s*)+)")
MIN_FLAT = 100
# a blank line with its newline (the last line without one), a line's indent, its trailing space;
# every match starts with a space or a newline, and the look-ahead that says so first fails the
# other positions with one test instead of four branches (twice as fast over a page)
_LAYOUT_SPACE = rx.compile(r"(?=\s)(?:(?P<blank_line>^[^\S\n]*\n|^[^\S\n]+\Z)|(?P<indent>^[^\S\n]+)"
                           r"|(?P<trailing_space>[^\S\n]+$))", re.M)


def paragraph_breaks(line: str) -> list[int]:
    """Offsets of the spaces in a flattened article line that are really paragraph breaks.

    >>> s = "第一段说了很多事情。 小标题在这里 第二段也说了很多很多事情,而且很长很长很长很长。 " * 5
    >>> [s[i - 1] for i in paragraph_breaks(s)][:3]
    ['。', '里', '。']
    """
    if len(line) < MIN_FLAT:
        return []
    breaks = [m.start() for m in _BREAK.finditer(line)]
    if len(breaks) < 2:
        return []
    out = []
    starts = [0] + [b + 1 for b in breaks]
    for b in breaks:
        out.append(b)
    for s in starts:
        m = _HEADING.match(line, s)
        if m and not _DATELINE.search(m.group(1)):
            out.append(m.end(1))
    return sorted(set(out))


@register("tidy", order=90, after=("*",))
def tidy(doc: Document, opts: Options) -> Document:
    """Final layout: one paragraph a line, split flattened articles, drop blank lines."""
    spans: list[Span] = []
    pipes = "|" in doc.text or "｜" in doc.text
    for _, offset, line in walk(doc.text):
        m = _EDGE_PIPES.search(line) if pipes else None
        if m and line.strip(" |｜\t"):
            for e in _EDGE_PIPES.finditer(line):
                if e.end() > e.start():
                    spans.append((offset + e.start(), offset + e.end(), "", "layout residue"))
        for b in paragraph_breaks(line) if len(line) >= MIN_FLAT else ():
            end = b
            while end < len(line) and line[end] in " \t\u3000":
                end += 1
            spans.append((offset + b, offset + end, "\n", "paragraph break"))
    doc.replace_spans("tidy", spans)
    # trim every line and drop blank ones: whitespace-only edits, found in one pass
    doc.replace_sorted("tidy", ((m.start(), m.end(), "", m.lastgroup.replace("_", " "))  # type: ignore[union-attr]
                                for m in _LAYOUT_SPACE.finditer(doc.text)))
    if doc.text.endswith("\n"):
        doc.replace_spans("tidy", [(len(doc.text.rstrip("\n")), len(doc.text), "", "blank line")])
    return doc
