"""``deboiler``: the data-driven cases (tests/cases/deboiler.json) through the whole chain."""

from __future__ import annotations

import re

import pytest

from cleaner import clean_bytes
from tests.conftest import load_cases

CASES = load_cases("deboiler.json")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
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
    case = next(c for c in CASES if c["label"].startswith("captions"))
    doc = clean_bytes(case["input"].encode(), keep_captions=True)
    assert "图为东湖小区" in doc.text


def test_metadata_lines_go_with_the_fields_they_gave_as_detail():
    case = CASES[0]
    doc = clean_bytes(case["input"].encode())
    meta = [e for e in doc.removed if e.filter == "deboiler" and e.reason == "metadata"]
    assert meta, "the date/source line is removed as metadata"
    assert all(e.detail and e.label == f"metadata: {e.detail}" for e in meta)
    outside = [e for e in doc.removed if e.reason == "outside the article"]
    assert all(e.detail in ("header", "footer") for e in outside)
