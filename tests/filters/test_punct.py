"""``punct``: the data-driven cases (tests/cases/punct.json) and ``--keep-punct``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean_bytes
from cleaner.filters import punct
from cleaner.filters.punct import fullwidth
from tests.conftest import load_cases

CASES = load_cases("punct.json")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_punct(case):
    assert fullwidth(case["input"]) == case["expected"]


def test_keep_punct_option():
    doc = clean_bytes("标题\n\n第一段正文,内容很长很长很长很长很长很长很长。".encode(), keep_punct=True)
    assert "正文,内容" in doc.text


# marks, digits (full-width ones are Chinese and digits at once), Chinese characters and
# marks, Latin, the private-use stand-ins the substitutions use, newlines
MARK_TEXT = st.text(alphabet=",;?!:()（）0１9٣²新闻“”…—，ab \n\ue000\ue004\ue005", max_size=60)


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(MARK_TEXT)
def test_substitutions_give_the_rule_mark_by_mark(text):
    # the fast path (one substitution per mark) against the rule applied to each mark in turn
    plain = punct._PAREN.sub(lambda m: f"（{m[1]}）" if punct._CJK_CHAR.search(m[1]) else m[0],
                             punct._one_by_one(text))
    assert fullwidth(text) == plain


def test_the_fast_path_is_taken_and_agrees():
    text = "新闻,兰州:甲;乙?丙!丁,1,000 14:39 a.php?id=1"
    assert not punct._UNSURE.search(text)
    assert fullwidth(text) == punct._one_by_one(text) == "新闻，兰州：甲；乙？丙！丁，1,000 14:39 a.php?id=1"
