"""``punct``: restore full-width punctuation inside Chinese context.

Scrapers often fold ``，：；？！（）`` to ASCII (``近年来,兰州``).  A mark is restored only
when a neighbour is Chinese; numbers, times, Latin text and URLs are left alone
(``0.61``, ``14:39:28``, ``C位``, ``a.php?id=1``).  ``--keep-punct`` turns this off.
"""

from __future__ import annotations

import re

from ..config import Options
from ..document import Document
from ..registry import register
from ..text import rx
from ..text.han import HAN
from ..text.lines import walk

CJK = HAN + "\u3000-\u303f\uff00-\uffef“”‘’…—《》「」『』"
_CJK_CHAR = rx.compile(f"[{CJK}]")
FULL = {",": "，", ";": "；", "?": "？", "!": "！", ":": "："}
_MARK = rx.compile(r"[,;?!:]")
_PAREN = rx.compile(r"\(([^()\n]{1,80})\)")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK_CHAR.match(ch))


# The rule with no digit in reach, as one substitution per mark (no Python call per mark):
# ``:`` after a Chinese character, the others beside one.  Each mark becomes a stand-in from
# the private-use area first, which is no more Chinese than the mark it stands for, so the
# substitutions after it see the neighbours the first one saw; then the stand-ins become the
# full-width marks.
_STAND_IN = dict(zip(",;?!:", "\ue000\ue001\ue002\ue003\ue004", strict=True))
_BY_MARK = tuple((rx.compile(rf":(?<=[{CJK}]:)" if ch == ":" else
                             rf"{re.escape(ch)}(?:(?<=[{CJK}]{re.escape(ch)})|(?=[{CJK}]))"), stand_in, FULL[ch])
                 for ch, stand_in in _STAND_IN.items())
_UNSURE = rx.compile("[\uff10-\uff19\ue000-\ue004]")
"""Where the substitutions would not give the rule's result: a full-width digit is both Chinese
and a digit (``１,２`` stays), and a stand-in already in the text would be taken for a mark."""


def fullwidth(line: str) -> str:
    """Full-width punctuation where a neighbour is Chinese.

    >>> fullwidth("近年来,兰州市西固区:2024-03-22 21:02:00 来源:人民资讯")
    '近年来，兰州市西固区：2024-03-22 21:02:00 来源：人民资讯'
    >>> fullwidth("面积0.61平方公里,让民众站“C位”!(戴文昌 杨艳敏) 1,000人 a.php?id=1")
    '面积0.61平方公里，让民众站“C位”！（戴文昌 杨艳敏） 1,000人 a.php?id=1'
    >>> fullwidth("第１,２名:甲,乙") == fullwidth("第１,２名:甲,乙\ue000")[:-1] == "第１,２名：甲，乙"
    True
    """
    if _UNSURE.search(line):
        out = _one_by_one(line)
    else:
        out = line
        for pattern, stand_in, _ in _BY_MARK:
            out = pattern.sub(stand_in, out)
        for _, stand_in, full in _BY_MARK:
            out = out.replace(stand_in, full)

    def paren(m: re.Match[str]) -> str:
        inner = m.group(1)
        return f"（{inner}）" if _CJK_CHAR.search(inner) else m.group()

    return _PAREN.sub(paren, out)


def _one_by_one(line: str) -> str:
    """The rule, mark by mark: a ``,`` or ``:`` between two digits stays (``1,000``, ``14:39``);
    else ``:`` is full-width after a Chinese character and the others beside one."""

    def mark(m: re.Match[str]) -> str:
        ch = m.group()
        i = m.start()
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if ch == ":":
            if prev.isdigit() and nxt.isdigit():
                return ch
            return FULL[ch] if _is_cjk(prev) else ch
        if ch == "," and prev.isdigit() and nxt.isdigit():
            return ch
        return FULL[ch] if _is_cjk(prev) or _is_cjk(nxt) else ch

    return _MARK.sub(mark, line)


@register("punct", order=80, after=("html",))
def punct(doc: Document, opts: Options) -> Document:
    """Restore full-width punctuation (，：；？！（）) in Chinese context; --keep-punct skips it."""
    if opts.keep_punct:
        return doc
    # the whole page at once (a line's first and last marks see a newline, which counts as
    # no neighbour, as the line's edge does), then compared line by line
    new = fullwidth(doc.text)
    if new == doc.text:
        return doc
    changes = {}
    for i, offset, line in walk(doc.text):  # the same offsets in both: marks keep their length
        after = new[offset : offset + len(line)]
        if after != line:
            changes[i] = (after, "full-width punctuation")
    doc.replace_lines("punct", changes)
    return doc
