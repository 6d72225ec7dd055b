"""Data-driven cases for despam, deboiler and punct (tests/cases/*.json), negatives included."""

from __future__ import annotations

import re

import pytest

from cleaner import clean_bytes
from cleaner.config import DEFAULT
from cleaner.document import Document, replay
from cleaner.filters.punct import fullwidth
from cleaner.filters.spam import despam
from tests.conftest import load_cases

DESPAM = load_cases("despam.json")
DEBOILER = load_cases("deboiler.json")
PUNCT = load_cases("punct.json")


@pytest.mark.parametrize("case", DESPAM, ids=[c["label"] for c in DESPAM])
def test_despam(case):
    doc = despam(Document("case", source=case["input"], text=case["input"]), DEFAULT)
    assert doc.text == case["expected"]
    reasons = {e.reason for e in doc.edits}
    if case["reason"]:
        assert case["reason"] in reasons
    else:
        assert doc.edits == []
    assert replay(doc.source, doc.edits) == doc.text


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")"))


@pytest.mark.parametrize("case", DEBOILER, ids=[c["label"] for c in DEBOILER])
def test_deboiler(case):
    doc = clean_bytes(case["input"].encode())
    flat = _squash(doc.text)
    assert [k for k in case["keep"] if _squash(k) not in flat] == []
    assert [r for r in case["remove"] if r.strip() and _squash(r) in flat] == []
    if "lines" in case:
        assert len(doc.text.split("\n")) == case["lines"]
    for e in doc.removed:
        assert e.reason


def test_keep_captions_option():
    case = next(c for c in DEBOILER if c["label"].startswith("captions"))
    doc = clean_bytes(case["input"].encode(), keep_captions=True)
    assert "图为东湖小区" in doc.text


@pytest.mark.parametrize("case", PUNCT, ids=[c["label"] for c in PUNCT])
def test_punct(case):
    assert fullwidth(case["input"]) == case["expected"]


def test_keep_punct_option():
    doc = clean_bytes("标题\n\n第一段正文,内容很长很长很长很长很长很长很长。".encode(), keep_punct=True)
    assert "正文,内容" in doc.text
