"""Han character classes and plausibility: how much a piece of text reads as everyday Chinese.

Two scorers live here, for two questions.  :func:`plausibility` (share of non-ASCII
characters in the everyday set) ranks whole-page decodings; :func:`score` (mean per-character
plausibility, punctuation and frequent characters high) judges a short garbled run against
its repair.  ``char_freq`` and ``words`` weigh repair candidates by frequency and the
two-character words they form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..datafiles import lines, pairs, table
from . import rx

HAN = "\u3400-\u9fff"
"""The Han range the rules count in (CJK Unified Ideographs and Extension A)."""
HAN_RX = rx.compile(f"[{HAN}]")
HAN_COMPAT = "\uf900-\ufaff"
"""CJK Compatibility Ideographs (traditional pages and mojibake use them)."""
PUNCT = set("，。、；：？！“”‘’（）《》【】…—·「」")
"""Chinese punctuation: plausible in any run of text."""


def count(cls: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` a one-character class matches (in C: its runs, summed).

    >>> count(HAN_RX, "兰州 news 新闻")
    4

    A long text is counted 64 K characters at a time, so a sparse class (sentence marks in a
    one-line page) does not copy the whole text twice.
    """
    runs = _RUNS.get(cls)
    if runs is None:  # runs of the class: far fewer matches than characters, summed in C
        # one character, then the rest of the run: a pattern that starts with its class lets
        # the search skip to the next such character (``(?:c)+`` tries every position)
        runs = _RUNS[cls] = rx.compile(f"(?:{cls.pattern})(?:{cls.pattern})*", cls.flags)
    if len(text) <= _SPAN:
        return sum(map(len, runs.findall(text)))
    return sum(sum(map(len, runs.findall(text[i : i + _SPAN]))) for i in range(0, len(text), _SPAN))


_RUNS: dict[re.Pattern[str], re.Pattern[str]] = {}
_SPAN = 1 << 16


def at_least(cls: re.Pattern[str], text: str, n: float) -> bool:
    """Whether ``count(cls, text) >= n``, counted only as far as it takes to tell: a prefix
    of twice ``n`` characters first, then ever larger pieces.

    >>> at_least(HAN_RX, "兰州 news 新闻", 4), at_least(HAN_RX, "兰州 news 新闻", 5)
    (True, False)
    """
    got, pos, step = 0, 0, max(64, 2 * int(n))
    while got < n and pos < len(text):
        got += count(cls, text[pos : pos + step])
        pos += step
        step *= 2
    return got >= n


def lower(text: str) -> str:
    """``text.lower()``, 64 K characters at a time for a long text (``str.lower`` sizes its
    buffer for three 4-byte characters per character: 80 MB for a 5-million-character line).

    >>> lower("ABC新闻") == "abc新闻"
    True
    """
    if len(text) <= _SPAN:
        return text.lower()
    return "".join(text[i : i + _SPAN].lower() for i in range(0, len(text), _SPAN))


def codec_chars(codec: str, leads: Iterable[int], trails: Iterable[int]) -> set[str]:
    """Every character a double-byte codec gives for the lead and trail bytes named.

    >>> sorted(codec_chars("gb2312", [0xB0], [0xA1, 0xA2]))
    ['啊', '阿']
    """
    trails = list(trails)
    if trails and min(trails) >= 0x40:  # no trail byte is a line break or a GB18030 digit byte
        # every pair then a line break, decoded at once (a failed pair's pieces hold U+FFFD, and
        # the break after it is read as a break): 1 ms for GBK's 24,000 pairs, against 33 ms a
        # pair at a time, which is what the start-up's everyday set (13 ms) was made from
        row = bytearray(3 * len(trails))
        row[1::3], row[2::3] = bytes(trails), b"\n" * len(trails)
        rows = []
        for lead in leads:
            row[0::3] = bytes((lead,)) * len(trails)
            rows.append(bytes(row))
        pieces = set(b"".join(rows).decode(codec, "replace").split("\n"))
        return {p for p in pieces if p and "\ufffd" not in p}
    return pair_by_pair(codec, leads, trails)


def pair_by_pair(codec: str, leads: Iterable[int], trails: Iterable[int]) -> set[str]:
    """:func:`codec_chars` one pair at a time (where a line break could not tell the pairs apart)."""
    out: set[str] = set()
    trails = list(trails)
    for lead in leads:
        for trail in trails:
            try:
                out.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """Everyday characters: GB2312 level 1 (3,755) and Big5's frequent set (5,401).

    Both tables are ordered subsets of their codecs, so they come from the codecs
    themselves and need no data file.
    """
    chars = codec_chars("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    chars |= codec_chars("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
    chars.update("，。、；：？！“”‘’（）《》【】…—·「」『』　")
    return frozenset(chars)


@lru_cache(maxsize=1)
def rare_rx() -> re.Pattern[str]:
    """Any non-ASCII character outside the everyday set (one compiled class: counts in C)."""
    chars = "".join(sorted(common_chars()))
    return rx.compile("[^\\x00-\\x7f" + re.escape(chars).replace("\\-", "-").replace("-", "\\-") + "]")


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are everyday Chinese (1.0 for pure ASCII).

    >>> plausibility("中文新闻") == 1.0, plausibility("涓枃鏂伴椈") < 0.7
    (True, True)
    """
    n = len(text) - len(text.encode("ascii", "ignore"))
    return 1 - count(rare_rx(), text) / n if n else 1.0


@lru_cache(maxsize=1)
def frequent() -> frozenset[str]:
    """Frequent characters, simplified and their traditional forms (OpenCC's ``s2t`` and
    ``s2hk``, tabled by ``scripts/build_frequent_traditional.py``: loading those configs took
    0.15 s)."""
    return frozenset("".join(lines("frequent_chars.txt") + lines("frequent_traditional.txt")))


def char_score(ch: str) -> float:
    """How plausible one character is in Chinese news text."""
    if ch in PUNCT:
        return 3.0
    if ch in frequent():
        return 2.0
    if ch in common_chars():
        return 0.3
    if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd":
        return -5.0
    if ch < "\x80":
        return 0.0
    return -2.0


def score(text: str) -> float:
    """Mean plausibility of the non-ASCII characters of ``text``.

    >>> score("。”社区党委") > 1.5 > score("鄙鐓")
    True
    """
    xs = [char_score(c) for c in text if c >= "\x80"]
    return sum(xs) / len(xs) if xs else 0.0


@lru_cache(maxsize=1)
def char_freq() -> dict[str, float]:
    """log10 of how often each Han character occurs (simplified forms)."""
    return {row[0]: float(row[1]) for row in table("char_freq.tsv.gz") if len(row) == 2}


@lru_cache(maxsize=1)
def _word_rows() -> dict[str, str]:
    """First character -> its second characters, each followed by its log10 count, packed."""
    return pairs("words2.tsv.gz")


_WORDS: dict[str, dict[str, int]] = {}


def word_count(a: str, b: str) -> int:
    """round(log10 count) of the common two-character word ``a + b``, 0 if it is none (a
    first character's words are unpacked when first asked for).

    >>> word_count("资", "源") >= 3, word_count("源", "资")
    (True, 0)
    """
    found = _WORDS.get(a)
    if found is None:
        packed = _word_rows().get(a, "")
        found = _WORDS[a] = {packed[i]: int(packed[i + 1]) for i in range(0, len(packed) - 1, 2)}
    return found.get(b, 0)
