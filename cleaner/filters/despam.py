"""``despam``: SEO repair and spam removal.

* Pinyin injected after Han characters (``網(wǎng)``, ``區（qū）``): removed when a page has
  several (one or two may be a real reading aid and stay).
* A comma injected before punctuation (``開展,、居民``, ``出差,,家里``, ``一下,?”``, full-width
  too: ``明显，，经``, ``通知，。``):
  removed only on pages where the pattern is dense, so a normal ``,“`` survives.
* Spam lines (porn, gambling, lottery, fake-download titles, breadcrumbs, link farms) and
  spam segments of short lines (``正文标题_澳门新葡京官网``), judged by a weighted lexicon
  (``data/spam_terms.txt``): how much weight the cues carry and how much of the line they cover.
"""

from __future__ import annotations

import re
from itertools import chain, islice

from ..config import Options
from ..document import Document, Span
from ..registry import register
from ..text import rx
from ..text.han import HAN, HAN_RX, count
from ..text.lines import walk
from ..text.pinyin import TONED
from ..text.spam import NOTHING, is_spam, judge, line_scores, spam_score

# a reading in brackets after a Han character; the bracket comes first (the look-behind after
# it), so the search skips to brackets instead of testing every character's predecessor
_PINYIN = rx.compile(rf"[(（](?<=[{HAN}][(（])([a-zA-Z{TONED}]{{0,6}}[{TONED}][a-zA-Z{TONED}]{{0,6}})[)）]")
_INJECTED_COMMA = rx.compile(r",(?=[,、。!?;:，。！？；：…])|，(?=[,、。!?;:，。！？；：])")
_SEGMENT_SPLIT = rx.compile(r"\s*(?:\||_|>>|>|›|»|\s-\s|–|—{1,2})\s*")

MIN_PINYIN = 3
MIN_COMMAS = 3


def _pinyin(doc: Document) -> None:
    _matches(doc, _PINYIN, MIN_PINYIN, "pinyin annotation")


def _commas(doc: Document) -> None:
    _matches(doc, _INJECTED_COMMA, MIN_COMMAS, "injected comma before punctuation")


def _matches(doc: Document, pattern: re.Pattern[str], least: int, reason: str) -> None:
    """Remove every match of ``pattern`` when the page has at least ``least`` of them (taken one
    at a time: a page may have hundreds of thousands)."""
    found = pattern.finditer(doc.text)
    first = list(islice(found, least))
    if len(first) >= least:
        doc.replace_sorted("despam", ((m.start(), m.end(), "", reason) for m in chain(first, found)))


def _spam_lines(doc: Document) -> None:
    removals: dict[int, str | tuple[str, str]] = {}
    spans: list[Span] = []
    scores = line_scores(doc.text)  # one pass over the page; a line without a cue scores nothing
    for i, offset, line in walk(doc.text):
        stripped = line.strip()
        if stripped:
            score = scores.get(i, NOTHING) if scores is not None else spam_score(stripped)
            kind = judge(stripped, score)
            segments = _spam_segments(line, offset) if len(stripped) < 200 and score[0] >= 3 else []
            if kind and (kind == "farm" or not (segments and _has_clean_segment(line, segments, offset))):
                removals[i] = "link farm" if kind == "farm" else ("spam keywords", kind)
            else:
                spans.extend(segments)
    doc.replace_spans("despam", spans)
    doc.remove_lines("despam", removals)


def _has_clean_segment(line: str, spam: list[Span], offset: int) -> bool:
    """Whether removing the spam segments leaves one real title-sized piece of text (and at
    most short clean ones beside it: a section's or site's name, ``…_澳门某某官网_新闻中心``)."""
    rest = line
    for start, end, *_ in sorted(spam, reverse=True):
        rest = rest[: start - offset] + "\n" + rest[end - offset :]
    pieces = [p for p in rest.split("\n") if count(HAN_RX, p) >= 2]
    titles = [p for p in pieces if count(HAN_RX, p) >= 6]
    return len(titles) == 1 and all(spam_score(p)[0] < 3 for p in pieces)


def _spam_segments(line: str, offset: int) -> list[Span]:
    """Spam segments of a short line split on ``| _ > -`` (a site name glued to a title)."""
    out: list[Span] = []
    pos = 0
    bounds = []
    for m in _SEGMENT_SPLIT.finditer(line):
        bounds.append((pos, m.start(), m.end()))
        pos = m.end()
    bounds.append((pos, len(line), len(line)))
    if len(bounds) < 2:
        return out
    for k, (start, end, sep_end) in enumerate(bounds):
        seg = line[start:end]
        kind = is_spam(seg) if seg.strip() else None
        if kind:
            last = k == len(bounds) - 1 or not line[sep_end:].strip(" |_")
            begin = bounds[k - 1][1] if last and k else start  # a trailing segment takes its separator
            out.append((offset + begin, offset + (len(line) if last else sep_end), "", "spam segment", kind))
    return out


@register("despam", order=40, after=("html",),
          reasons={"spam keywords": "spam: {detail} keywords", "spam segment": "spam: {detail} segment"})
def despam(doc: Document, opts: Options) -> Document:
    """Remove SEO spam: pinyin injections, injected commas, porn/gambling lines, link farms."""
    _pinyin(doc)
    _commas(doc)
    _spam_lines(doc)
    return doc
