"""``deboiler``: remove everything around and inside the article that is not the article.

Lines outside the core (``layout.core``) go, each with the most specific reason found
(cue phrase category, pattern, HTML evidence, metadata consumed, related-list shape);
inside the core only lines with clear evidence go (captions, widgets, metadata lines,
layout residue, repeated titles) and prose always stays.  The ``(完)`` end mark and a
trailing ``(责任编辑:…)`` are cut from the last paragraph.
"""

from __future__ import annotations

import re

from ..config import Options
from ..document import Document, LineReason, Span
from ..registry import register
from ..text import rx
from ..text.layout import HTML_BAD, INSIDE_PATTERNS, SIGNED, Line, page_core, page_lines, reading
from ..text.lines import walk
from ..text.title import clean_title

CUE_REASON = {
    "widget": "widget", "navigation": "navigation", "breadcrumb": "breadcrumb",
    "related": "related-news list", "ranking": "ranking list", "tags": "tags",
    "copyright": "copyright notice", "disclaimer": "disclaimer", "snapshot": "snapshot/crawler notice",
    "footer": "site footer",
}
_END_MARK = rx.compile(r"[（(]\s*完\s*[)）]\s*$")
# (the look-ahead for its first character: the search skips to it; an agency's date code may
# follow the bracket: …（编辑：李大同）1131001)
_TRAILING_META = rx.compile(
    r"(?=[\s（(【\[])\s*[（(【\[](?P<label>责任编辑|责编|编辑|记者|作者|来源|校对|审核|实习编辑|通讯员)\s*[:：]"
    r"[^()（）【】\[\]]{1,40}[)）】\]](?:\s*\d{4,8})?\s*$"
)


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _is_title(line: Line, title: str | None, t: str = "") -> bool:
    """Whether ``line`` is the headline again (``t``: ``title`` without its spaces, when known)."""
    if not title or not line.text or (line.prose and line.han > len(title) + 20):
        return False
    t = t or _norm(title)
    s = _norm(line.text)
    if t not in s:  # the headline part of a title line is a piece of it
        return False
    return s == t or _norm(clean_title(line.text)) == t or (len(t) >= 8 and len(s) <= len(t) + 20)


def outside_reason(line: Line, zone: str) -> LineReason:
    if line.cue:
        return CUE_REASON.get(line.cue, line.cue)
    if line.pattern == "numbered list item":
        return "ranking list"
    if line.pattern:
        return line.pattern
    if line.snippet:
        return "related-news snippet"
    if line.date_only:
        return "date line (list)"
    if line.hint in HTML_BAD:
        return ("html block", line.hint)
    if line.link >= 0.5:
        return "link list"
    if line.separators >= 3:
        return "navigation"
    return ("outside the article", zone)


def inside_reason(line: Line, opts: Options) -> str | None:
    if line.pattern in INSIDE_PATTERNS:
        if line.pattern == "image caption" and opts.keep_captions:
            return None
        if line.prose and line.han > 80:
            return None
        return line.pattern
    if line.prose:
        return None
    if line.cue and line.han < 40:
        return CUE_REASON.get(line.cue, line.cue)
    if line.date_only and not SIGNED.match(line.text):  # (a document's date of signing is its own)
        return "date line"
    if (line.hint in HTML_BAD and line.link >= 0.5) or (line.link >= 0.8 and line.han < 40):
        return "link list"
    return None


@register("deboiler", order=70, after=("html", "meta"),
          reasons={"outside the article": "{key} ({detail})", "html block": "html: {detail} block"})
def deboiler(doc: Document, opts: Options) -> Document:
    """Remove navigation, related lists, captions, notices, footers and metadata lines."""
    lines = page_lines(doc)
    span = page_core(doc, lines)
    consumed = doc.consumed
    title = doc.meta.get("title")
    title = reading(doc, title) if title else title
    bare = _norm(title) if title else ""
    first, last = span if span else (len(lines), len(lines))
    removals: dict[int, LineReason] = {}
    for ln in lines:
        if not ln.text:
            continue
        zone = "header" if ln.index < first else "footer" if ln.index > last else "core"
        if ln.index in consumed:
            removals[ln.index] = ("metadata", consumed[ln.index])
        elif _is_title(ln, title, bare):
            removals[ln.index] = "title" if zone == "header" else "repeated title"
        elif zone != "core":
            removals[ln.index] = outside_reason(ln, zone)
        else:
            reason = inside_reason(ln, opts)
            if reason:
                removals[ln.index] = reason
    doc.remove_lines("deboiler", removals)
    # marks at the end of the article's paragraphs
    spans: list[Span] = []
    # a traditional text: its marks are searched as read (simplified), converted once, where a
    # line keeps its length (and so its offsets)
    read = reading(doc).split("\n") if doc.read_as is not None else None
    for i, offset, line in walk(doc.text):
        if line.strip() and first <= i <= last:
            if read is not None and i < len(read) and len(read[i]) == len(line):
                line = read[i]
            m = _TRAILING_META.search(line)
            if m and m.start() > 0:
                spans.append((offset + m.start(), offset + m.end(), "", "metadata", m["label"]))
            else:
                m = _END_MARK.search(line)
                if m and m.start() > 0:
                    spans.append((offset + m.start(), offset + m.end(), "", "end mark"))
    doc.replace_spans("deboiler", spans)
    return doc
