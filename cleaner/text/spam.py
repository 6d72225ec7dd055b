"""Spam scoring: how much of a line porn, gambling, lottery or link-farm cues cover.

The lexicon (``data/spam_terms.txt``) gives each cue a weight and a kind; a line is spam
when the cues carry enough weight and cover enough of it.  ``despam`` removes spam lines
and segments with it, ``meta`` refuses spam as a title or source.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Any

from ..datafiles import table
from . import rx
from .han import HAN_RX, count, lower
from .lexicon import Lexicon

SENTENCE = rx.compile(r"[。！？!?；;]")
_SPACE = rx.compile(r"\s")
_NEWLINE = rx.compile("\n")
NOTHING = (0, 0.0, "")


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
    low = lower(line)
    return _score(low, lexicon().find(low))


def line_scores(text: str) -> dict[int, tuple[int, float, str]] | None:
    """:func:`spam_score` of every line of ``text`` that has a cue, by 0-based line index, from
    one pass of the lexicon over the page (``None`` where lower-casing changes the text's
    length, so that offsets would not hold: then score line by line).

    >>> line_scores("兰州新闻\\n无码在线观看")[1][2]
    'porn'
    """
    low = lower(text)
    if len(low) != len(text):
        return None
    by_line: dict[int, list[tuple[int, int, str, Any]]] = {}
    ends = [m.start() for m in _NEWLINE.finditer(low)]
    for m in lexicon().find(low):
        by_line.setdefault(bisect_left(ends, m[0]), []).append(m)
    out = {}
    for i, found in by_line.items():
        start = ends[i - 1] + 1 if i else 0
        end = ends[i] if i < len(ends) else len(low)
        out[i] = _score(low[start:end], found)
    return out


def _score(low: str, matches: list[tuple[int, int, str, Any]]) -> tuple[int, float, str]:
    """The score of a lower-cased line from its cues (offsets need only be relative)."""
    if not matches:
        return NOTHING
    covered = 0  # characters under at least one cue (matches come sorted by start)
    reach = 0
    weight = 0
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    for start, end, term, (w, kind) in matches:
        if end > reach:
            covered += end - max(start, reach)
            reach = end
        if term not in seen:
            seen.add(term)
            weight += w
            kinds[kind] = kinds.get(kind, 0) + w
    chars = len(low) - count(_SPACE, low)
    coverage = covered / chars if chars else 0.0
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
    if kind == "farm" and weight >= 3 and coverage >= 0.05 and not SENTENCE.search(line):
        return kind
    sentences = count(SENTENCE, line)
    cjk = count(HAN_RX, line)
    if sentences and cjk >= 20:  # reads like prose: only an overwhelming share counts
        return kind if weight >= 9 and coverage >= 0.5 else None
    if weight >= 6 and coverage >= 0.25:
        return kind
    if weight >= 3 and coverage >= 0.45:
        return kind
    return None
