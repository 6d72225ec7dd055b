"""``despam``: SEO repair and spam removal.

* Pinyin injected after Han characters (``網(wǎng)``, ``區（qū）``): removed when a page has
  several (one or two may be a real reading aid and stay).
* A comma injected before punctuation (``開展,、居民``, ``出差,,家里``, ``一下,?”``):
  removed only on pages where the pattern is dense, so a normal ``,“`` survives.
* Spam lines (porn, gambling, lottery, fake-download titles, breadcrumbs, link farms) and
  spam segments of short lines (``正文标题_澳门新葡京官网``), judged by a weighted lexicon
  (``data/spam_terms.txt``): how much weight the cues carry and how much of the line they cover.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..config import Options
from ..datafiles import table
from ..document import Document
from ..lexicon import Lexicon
from ..registry import register

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN = re.compile(rf"(?<=[\u3400-\u9fff])[(（]([a-zA-Z{TONED}]{{0,6}}[{TONED}][a-zA-Z{TONED}]{{0,6}})[)）]")
_INJECTED_COMMA = re.compile(r",(?=[,、。!?;:，。！？；：…])")
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||_|>>|>|›|»|\s-\s|–|—{1,2})\s*")
_SENTENCE = re.compile(r"[。！？!?；;]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s")

MIN_PINYIN = 3
MIN_COMMAS = 3


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon({row[0].lower(): (int(row[1]), row[2]) for row in table("spam_terms.txt")})


def spam_score(line: str) -> tuple[int, float, str]:
    """``(weight, coverage, kind)`` of the spam cues in ``line``.

    >>> w, c, k = spam_score("泷泽萝拉无码精品AV在线_国内午夜无码不卡在线观看")
    >>> w >= 6 and c > 0.4, k
    (True, 'porn')
    >>> spam_score("兰州市西固区福利路街道党建引领基层治理")[0]
    0
    """
    low = line.lower()
    matches = lexicon().find(low)
    if not matches:
        return 0, 0.0, ""
    covered = [False] * len(low)
    weight = 0
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    for start, end, term, (w, kind) in matches:
        for i in range(start, end):
            covered[i] = True
        if term not in seen:
            seen.add(term)
            weight += w
            kinds[kind] = kinds.get(kind, 0) + w
    chars = len(low) - len(_SPACE.findall(low))
    coverage = sum(covered) / chars if chars else 0.0
    if kinds.get("farm", 0) >= 3:
        return weight, coverage, "farm"
    topical = {k: w for k, w in kinds.items() if k != "download"}
    pool = topical or kinds
    return weight, coverage, max(pool, key=lambda k: pool[k])


def is_spam(line: str) -> str | None:
    """The kind of spam ``line`` is, or ``None``.  Article sentences need much more evidence.

    >>> is_spam("威斯尼斯人wns145585-正版威斯尼斯人8206下载安装 |")
    'gambling'
    >>> is_spam("警方近日破获一起利用境外网站开设赌场的案件,涉案金额达数千万元。") is None
    True
    """
    return judge(line, spam_score(line))


def judge(line: str, score: tuple[int, float, str]) -> str | None:
    """``is_spam`` for a line whose ``spam_score`` is already known."""
    weight, coverage, kind = score
    if weight < 3:
        return None
    if kind == "farm" and weight >= 3 and coverage >= 0.05 and not _SENTENCE.search(line):
        return kind
    sentences = len(_SENTENCE.findall(line))
    cjk = len(_CJK.findall(line))
    if sentences and cjk >= 20:  # reads like prose: only an overwhelming share counts
        return kind if weight >= 9 and coverage >= 0.5 else None
    if weight >= 6 and coverage >= 0.25:
        return kind
    if weight >= 3 and coverage >= 0.45:
        return kind
    return None


def _pinyin(doc: Document) -> None:
    found = list(_PINYIN.finditer(doc.text))
    if len(found) >= MIN_PINYIN:
        doc.replace_spans("despam", [(m.start(), m.end(), "", "pinyin annotation") for m in found])


def _commas(doc: Document) -> None:
    found = list(_INJECTED_COMMA.finditer(doc.text))
    if len(found) >= MIN_COMMAS:
        doc.replace_spans("despam", [(m.start(), m.end(), "", "injected comma before punctuation")
                                     for m in found])


def _spam_lines(doc: Document) -> None:
    removals: dict[int, str] = {}
    spans: list[tuple[int, int, str, str]] = []
    offset = 0
    for i, line in enumerate(doc.text.split("\n")):
        stripped = line.strip()
        if stripped:
            score = spam_score(stripped)
            kind = judge(stripped, score)
            segments = _spam_segments(line, offset) if len(stripped) < 200 and score[0] >= 3 else []
            if kind and (kind == "farm" or not (segments and _has_clean_segment(line, segments, offset))):
                removals[i] = "link farm" if kind == "farm" else f"spam: {kind} keywords"
            else:
                spans.extend(segments)
        offset += len(line) + 1
    doc.replace_spans("despam", spans)
    doc.remove_lines("despam", removals)


def _has_clean_segment(line: str, spam: list[tuple[int, int, str, str]], offset: int) -> bool:
    """Whether removing the spam segments leaves one real title-sized piece of text."""
    rest = line
    for start, end, _, _ in sorted(spam, reverse=True):
        rest = rest[: start - offset] + "\n" + rest[end - offset :]
    pieces = [p for p in rest.split("\n") if len(_CJK.findall(p)) >= 2]
    return len(pieces) == 1 and len(_CJK.findall(pieces[0])) >= 6 and spam_score(pieces[0])[0] < 3


def _spam_segments(line: str, offset: int) -> list[tuple[int, int, str, str]]:
    """Spam segments of a short line split on ``| _ > -`` (a site name glued to a title)."""
    out: list[tuple[int, int, str, str]] = []
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
            out.append((offset + begin, offset + (len(line) if last else sep_end), "", f"spam: {kind} segment"))
    return out


@register("despam")
def despam(doc: Document, opts: Options) -> Document:
    """Remove SEO spam: pinyin injections, injected commas, porn/gambling lines, link farms."""
    _pinyin(doc)
    _commas(doc)
    _spam_lines(doc)
    return doc
