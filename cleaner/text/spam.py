"""Spam scoring: how much of a line porn, gambling, lottery or link-farm cues cover.

The lexicon (``data/spam_terms.txt``) gives each cue a weight and a kind; a line is spam
when the cues carry enough weight and cover enough of it.  ``despam`` removes spam lines
and segments with it, ``meta`` refuses spam as a title or source.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..datafiles import table
from .han import HAN_RX, count, lower
from .lexicon import Lexicon

SENTENCE = re.compile(r"[。！？!?；;]")
_SPACE = re.compile(r"\s")


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
    matches = lexicon().find(low)
    if not matches:
        return 0, 0.0, ""
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
