"""Patterns written in a faster form match exactly what their plain form matches.

A search tries every position of a text.  A pattern that starts with a look-behind, a ``^``
among branches or a repeat pays for the whole of that at each position; one that starts with
a character class (or a look-ahead for its first character) lets the engine pass over the
positions that cannot start a match.  Each pattern below was rewritten that way for speed:
the plain form it replaced is kept here as the oracle, and the two must give the same
matches (spans, groups and branch) on any text.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.filters import despam, simplify, tidy
from cleaner.filters.meta import common, title
from cleaner.text import han, layout
from cleaner.text.han import HAN, HAN_COMPAT
from cleaner.text.pinyin import TONED

SE = tidy.SENT_END
PLAIN = {
    "tidy._LAYOUT_SPACE": (tidy._LAYOUT_SPACE, re.compile(
        r"(?P<blank_line>^[^\S\n]*\n|^[^\S\n]+\Z)|(?P<indent>^[^\S\n]+)|(?P<trailing_space>[^\S\n]+$)", re.M)),
    "tidy._BREAK": (tidy._BREAK, re.compile(rf"(?<=[{SE}])[ \t\u3000]+(?=[^\s])")),
    "tidy._EDGE_PIPES": (tidy._EDGE_PIPES, re.compile(r"(?:\s*[|｜]+\s*)+$|^(?:\s*[|｜]+\s*)+")),
    "despam._PINYIN": (despam._PINYIN, re.compile(
        rf"(?<=[{HAN}])[(（]([a-zA-Z{TONED}]{{0,6}}[{TONED}][a-zA-Z{TONED}]{{0,6}})[)）]")),
    "common.DATE": (common.DATE, re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<s1>[-/.年])\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?\s*/?"
        r"(?:\s*(?:[T ]\s*)?(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?")),
    "common.YEARLESS": (common.YEARLESS, re.compile(
        r"(?<![\d\-/.年])(?:(?P<yy>\d{2})-)?(?P<m>\d{1,2})\s*[-/月]\s*(?P<d>\d{2})日?"
        r"\s*(?P<H>\d{1,2})[:：](?P<M>\d{2})(?![\d:])")),
    "simplify._HAN_RUN": (simplify._HAN_RUN, re.compile(f"[{HAN}{HAN_COMPAT}]+")),
    "title._HAN_RUNS": (title._HAN_RUNS, re.compile(f"[{HAN}]{{2,}}")),
    "layout._SPACED": (layout._SPACED, re.compile(r"[\s·•・|｜]+")),
    "layout._SEPARATORS": (layout._SEPARATORS, re.compile(r"\s*(?:\||｜|>>|>|›|»|/)\s*")),
}

# what the patterns look at: spaces of every kind, newlines, pipes and separators, digits
# (full-width ones too: ``\d`` takes them), date and sentence marks, brackets, tone-marked and
# plain letters, Han (a compatibility ideograph among them) and a few other characters
ALPHABET = (" \t\u3000\xa0\n\r|｜>›»/·•・-_.年月日时分:：T12900１２０三()（）。！？!?…”」』）ā"
            "áabz新闻兰州市區豈é")
TEXTS = st.text(alphabet=ALPHABET, max_size=80)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups(), m.lastgroup) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN))
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXTS)
def test_fast_form_matches_what_the_plain_form_matches(name, text):
    fast, plain = PLAIN[name]
    assert _matches(fast, text) == _matches(plain, text)
    assert bool(fast.search(text)) == bool(plain.search(text))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXTS)
def test_count_sums_the_characters_of_its_class(text):
    for cls in (han.HAN_RX, re.compile("[。！？]"), re.compile("[^\\x00-\\x7f]")):
        assert han.count(cls, text) == sum(1 for ch in text if cls.fullmatch(ch))


def test_the_oracles_are_the_patterns_of_before():
    # each fast form differs from its oracle (else the oracle would test nothing) and finds
    # the same on a line that holds what they are for
    line = "  兰州(lán)新闻 | 2024-05-30 12:00。 发布时间：10-08 12:00 新闻兰州  \n\n 正文 › ｜"
    for name, (fast, plain) in PLAIN.items():
        assert fast.pattern != plain.pattern, name
        assert _matches(fast, line) == _matches(plain, line), name
    assert sum(bool(plain.search(line)) for plain in (p for _, p in PLAIN.values())) == len(PLAIN)
