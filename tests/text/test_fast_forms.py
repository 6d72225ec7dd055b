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

from cleaner.filters import deboiler, despam, simplify, tidy
from cleaner.filters.meta import common, date, people, source, title
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
    "people._EDITOR": (people._EDITOR, re.compile(
        rf"(?:^|[\s【\[(（|｜,，;；])(?P<label>责任编辑|责编|值班编辑|编辑|主编|签发|审核|审校|终审)\s*[:：|｜/／]\s*"
        rf"(?P<v>[A-Za-z][A-Za-z.\-]*(?: [A-Za-z][A-Za-z.\-]*){{0,2}}(?![A-Za-z0-9_])|[{HAN}·A-Za-z0-9_]{{2,12}}"
        rf"(?:、[{HAN}·]{{2,4}})*)")),
    "people.记者": (people._AUTHOR_PATTERNS[0][1], re.compile(
        r"(?<!对)(?<!向)(?<!跟)(?<!给)(?<!据)(?<!告诉)(?<!接受)(?<!回答)(?<!答)记者\s*[:：]?\s*"
        rf"(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，和][{HAN}·]{{2,4}}){{0,5}})")),
    "people.文/": (people._AUTHOR_PATTERNS[2][1], re.compile(
        rf"(?:^|\s|[（(])文\s*[/／|]\s*(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})")),
    "people.作者 field": (people._AUTHOR_PATTERNS[4][1], re.compile(
        rf"(?:^|[|｜]\s*)作者\s*(?P<v>[{HAN}·]{{2,4}})(?=\s*(?:$|[|｜]))")),
    "people._DATELINE_BYLINE": (people._DATELINE_BYLINE, re.compile(
        rf"\d{{1,2}}月\d{{1,2}}日(?:电|讯)\s*[（(](?:记者\s*)?(?P<v>[{HAN}·]{{2,4}}(?:[\s、,，][{HAN}·]{{2,4}}){{0,5}})[)）]")),
    "date._CN_DATE": (date._CN_DATE, re.compile(
        r"(?P<y>[〇○零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日")),
    "deboiler._TRAILING_META": (deboiler._TRAILING_META, re.compile(
        r"\s*[（(【\[](?P<label>责任编辑|责编|编辑|记者|作者|来源|校对|审核|实习编辑|通讯员)\s*[:：]"
        r"[^()（）【】\[\]]{1,40}[)）】\]]\s*$")),
    "common.SOURCE": (common.SOURCE, re.compile(
        rf"(?<![{HAN}])(?P<label>本文转自|文章转自|转自|转载自|来源于|信息来源|文章来源|新闻来源|稿件来源|稿源|出处|来源|来自)"
        r"\s*[:：]\s*(?P<v>[^\s|｜,，;；:：()（）\[\]【】]{2,30})")),
    "source._SOURCE_FIELD": (source._SOURCE_FIELD, re.compile(
        rf"(?:^|[|｜]\s*)来源\s*(?P<v>[{HAN}A-Za-z][{HAN}A-Za-z0-9.]{{1,19}})(?=\s*[|｜])")),
}

# what the patterns look at: spaces of every kind, newlines, pipes and separators, digits
# (full-width ones too: ``\d`` takes them), date and sentence marks, brackets, tone-marked and
# plain letters, Han (a compatibility ideograph among them) and a few other characters
ALPHABET = (" \t\u3000\xa0\n\r|｜>›»/·•・-_.年月日时分:：T12900１２０三()（）。！？!?…”」』）ā"
            "áabz新闻兰州市區豈é〇二十【】[]电讯记者对告诉作文编辑责任来源自本转、，")
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
    line = ("  兰州(lán)新闻 | 2024-05-30 12:00。 发布时间：10-08 12:00 来源：兰州日报 二〇二四年五月三十日"
            "10月3日电（记者 张三） 记者 李四 文/王五 | 作者赵六 | 来源新华社 | 新闻兰州（责任编辑：钱七）"
            " 编辑：孙八  \n\n 正文 › ｜")
    samples = [line, "新闻兰州（责任编辑：钱七）"]  # the second: a note at a line's end
    for name, (fast, plain) in PLAIN.items():
        assert fast.pattern != plain.pattern, name
        assert any(plain.search(x) for x in samples), name
        for x in samples:
            assert _matches(fast, x) == _matches(plain, x), name


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(alphabet="新闻ab 。\n", max_size=400), n=st.floats(min_value=0, max_value=450))
def test_at_least_says_what_the_count_says(text, n):
    assert han.at_least(han.HAN_RX, text, n) == (han.count(han.HAN_RX, text) >= n)
